import { describe, expect, it } from 'vitest';
import { EventLog } from '../../../src/background/event-log';
import { decodeFrame } from '../../../src/shared/protocol/decode-frame';
import type { LogRecord } from '../../../src/shared/record';
import { readRecording, writeHar, writeNdjson, type RecordingHeader } from '../../../src/shared/recording/index';
import { SESSION_EXAMPLES } from '../../fixtures/protocol/examples';
import { collect, CONVERSATION, KEY, SERVER } from './make-records';

const header = (protocol: RecordingHeader['protocol']): RecordingHeader => ({
  format: 'conversation-devtools-recording', version: 1, server: SERVER, conversationId: CONVERSATION, protocol,
  tool: { name: 'conversation-devtools', version: '0.1.0' }, createdAt: '2026-11-25T14:00:00.000Z',
});
const write = { ndjson: writeNdjson, har: writeHar } as const;

/** What the log row shows of a record. */
const shown = (r: LogRecord | undefined) => r && { summary: r.summary, frameType: r.frameType, category: r.category, validity: r.validity, kind: r.kind, streamItem: r.streamItem };

describe('a streamed item, held as one growing record, imports as the log showed it', () => {
  it.each(['ndjson', 'har'] as const)('session socket item: %s', async (format) => {
    let t = 1_764_000_000_000;
    const log = new EventLog({ conversationKey: KEY, protocol: 'v1-session', now: () => (t += 5) });
    log.appendInbound(decodeFrame('v1-session', SESSION_EXAMPLES.item_started), 'socket');
    log.appendInbound(decodeFrame('v1-session', SESSION_EXAMPLES.delta), 'socket');
    log.appendInbound(decodeFrame('v1-session', SESSION_EXAMPLES.delta.replace('"order":0', '"order":1').replace('Done — ', 'all tests pass')), 'socket');
    const live = log.since(-Infinity);
    expect(live).toHaveLength(1);
    const back = (await readRecording([await collect(write[format](header('v1-session'), live))])).records;
    expect(back.map(shown)).toEqual(live.map(shown));
  });

  it.each(['ndjson', 'har'] as const)('events socket StreamingDeltaEvent run: %s', async (format) => {
    let t = 1_764_000_000_000;
    const log = new EventLog({ conversationKey: KEY, protocol: 'v1-events', now: () => (t += 5) });
    const delta = (id: string, content: string) => JSON.stringify({ kind: 'StreamingDeltaEvent', id, timestamp: '2026-01-01T00:00:00', source: 'agent', content });
    log.appendInbound(decodeFrame('v1-events', delta('d1', 'Hello ')), 'socket');
    log.appendInbound(decodeFrame('v1-events', delta('d2', 'world')), 'socket');
    const live = log.since(-Infinity);
    expect(live.map((r) => r.frameType)).toEqual(['delta']);
    const back = (await readRecording([await collect(write[format](header('v1-events'), live))])).records;
    expect(back.map(shown)).toEqual(live.map(shown));
  });
});
