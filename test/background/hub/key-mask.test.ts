import { describe, expect, it } from 'vitest';
import { SessionKeyMask } from '../../../src/background/key-mask';
import { decodeFrame } from '../../../src/shared/protocol/decode-frame';
import { decodeOutgoing } from '../../../src/shared/protocol/client-frames';
import { RecordingSink } from '../connection/harness';

const KEY = 'sk-live-abcdef123456';
const envOutput = JSON.stringify({ kind: 'ObservationEvent', id: 'o1', timestamp: 't', source: 'environment', tool_name: 'terminal', tool_call_id: 'c', action_id: 'a',
  observation: { kind: 'TerminalObservation', content: [{ type: 'text', text: `OH_SESSION_API_KEYS_0=${KEY}` }], is_error: false, command: `echo ${KEY}`, exit_code: 0 } });

describe('SessionKeyMask', () => {
  it('masks the connection\'s key in received frames and history once a connect or request asked for it', async () => {
    const mask = new SessionKeyMask();
    const sink = new RecordingSink();
    const masked = mask.wrap(sink);
    masked.appendInbound(decodeFrame('v1-events', envOutput), 'socket');
    expect(sink.inbound[0]?.raw).toContain(KEY); // no key known yet: nothing to mask

    await mask.remembering(async () => KEY)();
    const frame = decodeFrame('v1-events', envOutput.replace('"o1"', '"o2"'));
    masked.appendInbound(frame, 'socket');
    masked.prependHistory([decodeFrame('v1-events', envOutput.replace('"o1"', '"o3"'))]);
    for (const held of sink.inbound.slice(1)) {
      expect(held.raw).not.toContain(KEY);
      expect(held.summary).not.toContain(KEY);
      expect(held.raw).toContain('OH_SESSION_API_KEYS_0=<redacted>');
      expect(held.validity).toBe('ok');
    }
    expect(sink.inbound[1]?.size).toBe(frame.size); // what came on the wire
  });

  it('masks the key in what is sent too (the record; the wire is not the sink\'s)', async () => {
    const mask = new SessionKeyMask();
    const sink = new RecordingSink();
    await mask.remembering(async () => KEY)();
    const text = JSON.stringify({ role: 'user', content: [{ type: 'text', text: `curl -H 'X-Session-API-Key: ${KEY}'` }] });
    const frame = decodeOutgoing('v1-events', text);
    mask.wrap(sink).appendOutbound(frame, { via: 'socket', status: 'sent' });
    const held = sink.outbound[0]!.frame;
    expect(held.raw).toBe(text.replace(KEY, '<redacted>'));
    expect(held.summary).not.toContain(KEY);
    expect(held.size).toBe(frame.size);
  });
});
