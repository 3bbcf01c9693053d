import { describe, expect, it } from 'vitest';
import { EventLog } from '../../../src/background/event-log';
import { snapshotMessages } from '../../../src/background/port-hub-snapshot';
import type { ConnectionStatus } from '../../../src/shared/connection';
import type { DecodedFrame } from '../../../src/shared/record';

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
