// History loaded newest-first: the log places older events before everything it holds, and a
// panel gets them as recordsPrepended (live, or on subscribe when its firstSeq is newer).
import { describe, expect, it } from 'vitest';
import { EventLog } from '../../../src/background/event-log';
import { PortOutbox } from '../../../src/background/port-hub-outbox';
import { snapshotMessages } from '../../../src/background/port-hub-snapshot';
import type { ConnectionStatus } from '../../../src/shared/connection';
import type { BackgroundToPanel } from '../../../src/shared/port/messages';
import type { DecodedFrame, LogRecord } from '../../../src/shared/record';

function frame(eventId: string): DecodedFrame {
  return { validity: 'ok', raw: `{"id":"${eventId}"}`, rawEncoding: 'text', size: 10, frameType: 'event', category: 'other', eventId, summary: eventId };
}
const ids = (records: readonly LogRecord[]) => records.map((r) => r.eventId ?? `meta@${r.seq}`);

function tailLog(limits = {}) {
  const prepended: LogRecord[][] = [];
  const log = new EventLog({ conversationKey: 'k', protocol: 'v1-events', now: () => 0, limits, onPrepend: (r) => prepended.push(r) });
  for (const id of ['e7', 'e8', 'e9']) log.appendInbound(frame(id), 'rest');
  return { log, prepended };
}

describe('EventLog.prependHistory', () => {
  it('numbers older events downwards from the oldest seq, contiguous, before everything held', () => {
    const { log, prepended } = tailLog();
    const kept = log.prependHistory(['e4', 'e5', 'e6'].map(frame));
    expect(kept.map((r) => r.seq)).toEqual([-2, -1, 0]);
    expect(ids(log.since(-Infinity))).toEqual(['e4', 'e5', 'e6', 'e7', 'e8', 'e9']);
    log.prependHistory(['e1', 'e2', 'e3'].map(frame));
    expect(log.since(-Infinity).map((r) => r.seq)).toEqual([-5, -4, -3, -2, -1, 0, 1, 2, 3]);
    expect(log.get(-4)?.eventId).toBe('e2');
    expect(prepended.map(ids)).toEqual([['e4', 'e5', 'e6'], ['e1', 'e2', 'e3']]);
  });

  it('skips events already held (the overlap with the tail) and counts them as duplicates', () => {
    const { log } = tailLog();
    expect(ids(log.prependHistory(['e6', 'e7', 'e8'].map(frame)))).toEqual(['e6']);
    expect(log.counters()).toMatchObject({ records: 4, duplicates: 2 });
    expect(log.appendInbound(frame('e6'), 'socket')).toBeNull();
  });

  it('over the cap keeps the newest of them and counts the rest as dropped', () => {
    const { log } = tailLog({ maxRecords: 5 });
    const kept = log.prependHistory(['e3', 'e4', 'e5', 'e6'].map(frame));
    expect(ids(kept)).toEqual(['e5', 'e6']);
    expect(ids(log.since(-Infinity))).toEqual(['e5', 'e6', 'e7', 'e8', 'e9']);
    expect(log.counters()).toMatchObject({ records: 5, dropped: 2 });
  });

  it('serves what lies before a seq (what a panel lacks before its first record)', () => {
    const { log } = tailLog();
    log.prependHistory(['e5', 'e6'].map(frame));
    expect(ids(log.before(1))).toEqual(['e5', 'e6']);
    expect(log.before(-1)).toEqual([]);
  });
});

describe('recordsPrepended on the port', () => {
  const status = {} as ConnectionStatus;
  const shape = (ms: BackgroundToPanel[]) => ms.map((m) =>
    m.type === 'snapshot' || m.type === 'recordsPrepended' || m.type === 'recordsAppended' ? `${m.type}:${ids(m.records).join(',')}${'done' in m ? `:${m.done}` : ''}` : m.type);

  it('a new subscriber (lastSeq -1) gets every record, including those numbered below zero', () => {
    const { log } = tailLog();
    log.prependHistory(['e5', 'e6'].map(frame));
    expect(shape(snapshotMessages(log, status, { key: 'k', lastSeq: -1 }, 'E'))).toEqual(['snapshot:e5,e6,e7,e8,e9:true']);
  });

  it('a panel holding the tail gets what came after its last AND what went before its first', () => {
    const { log } = tailLog();
    log.prependHistory(['e4', 'e5', 'e6'].map(frame));
    log.appendInbound(frame('e10'), 'socket');
    expect(shape(snapshotMessages(log, status, { key: 'k', lastSeq: 3, firstSeq: 1, epoch: 'E' }, 'E', 2)))
      .toEqual(['snapshot:e10:true', 'recordsPrepended:e4,e5:false', 'recordsPrepended:e6:true']);
  });

  it('the outbox sends queued appends first, then the older records oldest-first in chunks, the last done', () => {
    const posted: BackgroundToPanel[] = [];
    const outbox = new PortOutbox({ key: 'k', post: (m) => posted.push(m), maxBatch: 2 });
    const { log } = tailLog();
    outbox.append(log.appendInbound(frame('e10'), 'socket')!);
    outbox.prepend(log.prependHistory(['e4', 'e5', 'e6'].map(frame)), 0);
    expect(shape(posted)).toEqual(['recordsAppended:e10', 'recordsPrepended:e4,e5:false', 'recordsPrepended:e6:true']);
  });
});
