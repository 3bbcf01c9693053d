import { describe, expect, it } from 'vitest';
import { EventLog } from '../../../src/background/event-log';
import { snapshotMessages } from '../../../src/background/port-hub-snapshot';
import { BULK_MESSAGE_CHARS, recordChars } from '../../../src/background/port-message-size';
import type { ConnectionStatus } from '../../../src/shared/connection';
import { decodeFrame } from '../../../src/shared/protocol/decode-frame';
import type { DecodedFrame, LogRecord } from '../../../src/shared/record';

const status = {} as ConnectionStatus;
function frame(eventId: string): DecodedFrame {
  return { validity: 'ok', raw: '{}', rawEncoding: 'text', size: 2, frameType: 'event', category: 'other', eventId, summary: '' };
}
function logWith(n: number, maxRecords = 1000): EventLog {
  const log = new EventLog({ conversationKey: 'k', protocol: 'v1-events', now: () => 0, limits: { maxRecords } });
  for (let i = 0; i < n; i += 1) log.appendInbound(frame(`e${i}`), 'socket');
  return log;
}
const shape = (ms: ReturnType<typeof snapshotMessages>) =>
  ms.map((m) => (m.type === 'snapshot' ? `snapshot:${m.records.length}:${m.done}` : m.type));

describe('snapshotMessages', () => {
  it('chunks the log and marks the last chunk done', () => {
    expect(shape(snapshotMessages(logWith(5), status, { key: 'k', lastSeq: -1 }, 'E', 2)))
      .toEqual(['snapshot:2:false', 'snapshot:2:false', 'snapshot:1:true']);
  });

  it('continues after lastSeq in the same epoch', () => {
    expect(shape(snapshotMessages(logWith(5), status, { key: 'k', lastSeq: 3, epoch: 'E' }, 'E'))).toEqual(['snapshot:2:true']);
  });

  it('resets when lastSeq is older than the log holds', () => {
    expect(shape(snapshotMessages(logWith(10, 4), status, { key: 'k', lastSeq: 2, epoch: 'E' }, 'E'))).toEqual(['reset', 'snapshot:4:true']);
  });

  it('resets and sends everything on a new epoch', () => {
    expect(shape(snapshotMessages(logWith(3), status, { key: 'k', lastSeq: 3, epoch: 'OLD' }, 'E'))).toEqual(['reset', 'snapshot:3:true']);
  });
});

describe('snapshotMessages droppedBefore', () => {
  const droppedBefore = (ms: ReturnType<typeof snapshotMessages>) => ms.flatMap((m) => (m.type === 'snapshot' ? [m.droppedBefore] : []));

  it('counts only the dropped records below the panel’s first when it continues', () => {
    const log = logWith(10, 4); // seqs 1..6 dropped, 7..10 held
    expect(droppedBefore(snapshotMessages(log, status, { key: 'k', lastSeq: 10, firstSeq: 4, epoch: 'E' }, 'E'))).toEqual([3]);
    expect(droppedBefore(snapshotMessages(log, status, { key: 'k', lastSeq: 10, firstSeq: 1, epoch: 'E' }, 'E'))).toEqual([0]);
  });

  it('counts every dropped record for a panel that holds none', () => {
    expect(droppedBefore(snapshotMessages(logWith(10, 4), status, { key: 'k', lastSeq: -1 }, 'E'))).toEqual([6]);
  });
});

describe('snapshotMessages and the size of one port message', () => {
  // A full_state update ("agent (large)") crosses whole (the panel folds it): ~220K characters
  // here. One arrives on every connect and after every run.
  const fullState = (id: string) => decodeFrame('v1-events', JSON.stringify({
    kind: 'ConversationStateUpdateEvent', id, timestamp: '2026-01-01T00:00:00', source: 'environment', key: 'full_state',
    value: { execution_status: 'idle', agent: { kind: 'Agent', tools: Array.from({ length: 400 }, (_, i) => ({ name: `tool_${i}`, description: 'd'.repeat(540) })) } },
  }));
  const chars = (records: readonly LogRecord[]) => records.reduce((n, r) => n + recordChars(r), 0);

  it('cuts snapshot and older-history chunks by size as well as by count, in order', () => {
    const log = new EventLog({ conversationKey: 'k', protocol: 'v1-events', now: () => 0 });
    for (let i = 1; i <= 40; i += 1) log.appendInbound(fullState(`new${i}`), 'socket');
    log.prependHistory(Array.from({ length: 40 }, (_, i) => fullState(`old${i}`)));
    // The panel holds seq 1 only: the rest of the log comes as a snapshot, the older history as recordsPrepended.
    const messages = snapshotMessages(log, status, { key: 'k', lastSeq: 1, firstSeq: 1, epoch: 'E' }, 'E');
    const of = (type: string) => messages.flatMap((m) => (m.type === type && 'records' in m ? [m] : []));
    for (const type of ['snapshot', 'recordsPrepended']) {
      const chunks = of(type) as { records: LogRecord[]; done: boolean }[];
      // Before: one chunk of 2,000 records at most, whatever their size (40 here: 9M characters).
      expect(chunks.length, type).toBeGreaterThan(1);
      for (const chunk of chunks) expect(chars(chunk.records), type).toBeLessThanOrEqual(BULK_MESSAGE_CHARS);
      expect(chunks.map((c) => c.done), type).toEqual(chunks.map((_, i) => i === chunks.length - 1));
    }
    expect(of('snapshot').flatMap((m) => m.records.map((r) => r.seq))).toEqual(Array.from({ length: 39 }, (_, i) => i + 2));
    expect(of('recordsPrepended').flatMap((m) => m.records.map((r) => r.seq))).toEqual(Array.from({ length: 40 }, (_, i) => i - 39));
  });
});
