import { describe, expect, it } from 'vitest';
import { HeldEventTally } from '../../../src/background/resume/held-events';
import { createConversationSink } from '../../../src/background/connection-sink';
import type { DecodedFrame } from '../../../src/shared/record';
import { FakeClock } from '../../fakes/fake-clock';

function frame(id: string, timestamp: string, kind = 'MessageEvent'): DecodedFrame {
  const raw = JSON.stringify({ kind, id, source: 'agent', timestamp });
  return { validity: 'ok', raw, rawEncoding: 'text', size: raw.length, frameType: 'event', category: 'message', eventId: id, kind, timestamp, summary: id };
}

describe('HeldEventTally', () => {
  it('counts events held from the socket and from history prepended over REST, each once', () => {
    const { sink: logSink } = createConversationSink({
      key: 'k', target: { serverUrl: 'http://h', conversationId: 'c', protocol: 'v1-events' }, clock: new FakeClock(),
      onRecord: () => undefined, onRecordUpdated: () => undefined, onSocketStatus: () => undefined,
    });
    const tally = new HeldEventTally();
    const sink = tally.wrap(logSink);
    sink.appendInbound(frame('e3', '2026-01-01T00:00:03'), 'socket');
    sink.appendInbound(frame('e4', '2026-01-01T00:00:04'), 'socket');
    // Older history loaded newest-first; e3 again is a duplicate and not held twice.
    sink.prependHistory([frame('e1', '2026-01-01T00:00:01'), frame('e2', '2026-01-01T00:00:02'), frame('e3', '2026-01-01T00:00:03')]);
    expect(tally.heldBefore('2026-01-01T00:00:05')).toBe(4);
    expect(tally.heldBefore('2026-01-01T00:00:04')).toBe(3);
  });

  // The count is compared with the server's /events/count: a frame it never stores, counted, can
  // offset a missed event exactly, and the search that would have found that event is skipped.
  it('leaves out what the server sends but never stores: token deltas, server errors', () => {
    const tally = new HeldEventTally();
    tally.note(frame('e1', '2026-01-01T00:00:01'));
    tally.note(frame('d1', '2026-01-01T00:00:02', 'StreamingDeltaEvent'));
    tally.note(frame('x1', '2026-01-01T00:00:03', 'ServerErrorEvent'));
    tally.note(frame('e2', '2026-01-01T00:00:04'));
    expect(tally.heldBefore('2026-01-01T00:00:05')).toBe(2);
  });
});

