import { describe, expect, it } from 'vitest';
import { createConversationSink } from '../../../src/background/connection-sink';
import { decodeOutgoing } from '../../../src/shared/protocol/client-frames';
import { decodeFrame } from '../../../src/shared/protocol/decode-frame';
import type { LogRecord } from '../../../src/shared/record';
import { FakeClock } from '../../fakes/fake-clock';

const userMessage = (text: string) => JSON.stringify({ role: 'user', content: [{ type: 'text', text }] });
let nextId = 0;
const echo = (text: string) => decodeFrame('v1-events', JSON.stringify({
  kind: 'MessageEvent', id: `e${++nextId}`, timestamp: '2026-08-22T14:03:11.482913', source: 'user',
  llm_message: { role: 'user', content: [{ type: 'text', text }] }, activated_skills: [], extended_content: [],
}));

function setup() {
  const clock = new FakeClock();
  const updates: LogRecord[] = [];
  const parts = createConversationSink({
    key: 'k', target: { serverUrl: 'http://127.0.0.1:1', conversationId: 'c', protocol: 'v1-events' }, clock, echoTimeoutMs: 1000,
    onRecord: () => undefined, onRecordUpdated: (r) => updates.push(r), onSocketStatus: () => undefined,
  });
  const send = (text: string) => parts.sink.appendOutbound(decodeOutgoing('v1-events', userMessage(text)), { via: 'socket', status: 'sent' });
  return { clock, updates, ...parts, send };
}

describe('outgoing user messages: pending → echoed | no-echo', () => {
  it('matches the echo by identical text, not by order', () => {
    const { sink, log, send } = setup();
    const a = send('first');
    const b = send('second');
    expect(a.outgoing?.status).toBe('pending');
    const echoed = sink.appendInbound(echo('second'), 'socket')!;
    expect(log.get(b.seq)?.outgoing).toEqual({ via: 'socket', status: 'echoed', echoSeq: echoed.seq });
    expect(log.get(a.seq)?.outgoing?.status).toBe('pending');
  });

  it('a user message with other text (another client, an old one replayed) settles nothing', () => {
    const { sink, log, send } = setup();
    const a = send('first');
    sink.appendInbound(echo('typed in the OpenHands UI'), 'socket');
    // The reference client's FIFO fallback (§4.5) would mark `a` echoed, linked to that message.
    expect(log.get(a.seq)?.outgoing?.status).toBe('pending');
  });

  it('a late echo settles the send it belongs to, not a newer pending one', () => {
    const { clock, sink, log, send } = setup();
    const a = send('first');
    clock.advance(1000);
    expect(log.get(a.seq)?.outgoing?.status).toBe('no-echo');
    const b = send('second');
    const lateA = sink.appendInbound(echo('first'), 'socket')!;
    expect(log.get(a.seq)?.outgoing).toEqual({ via: 'socket', status: 'echoed', echoSeq: lateA.seq });
    expect(log.get(b.seq)?.outgoing?.status).toBe('pending');
    const echoB = sink.appendInbound(echo('second'), 'socket')!;
    expect(log.get(b.seq)?.outgoing).toEqual({ via: 'socket', status: 'echoed', echoSeq: echoB.seq });
  });

  it('turns no-echo after the (injected) timeout and reports the update', () => {
    const { clock, log, send, updates } = setup();
    const a = send('lost');
    clock.advance(999);
    expect(log.get(a.seq)?.outgoing?.status).toBe('pending');
    clock.advance(1);
    expect(log.get(a.seq)?.outgoing?.status).toBe('no-echo');
    expect(updates.at(-1)).toMatchObject({ seq: a.seq, outgoing: { status: 'no-echo' } });
  });

  it('frames that are not user messages (auth, raw) are just sent', () => {
    const { sink } = setup();
    const auth = sink.appendOutbound(decodeOutgoing('v1-events', JSON.stringify({ type: 'auth', session_api_key: 'sk-x' })), { via: 'socket', status: 'sent' });
    expect(auth.outgoing?.status).toBe('sent');
    expect(auth.raw).not.toContain('sk-x');
  });
});
