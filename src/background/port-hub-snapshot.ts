/**
 * What a panel gets when it subscribes: a `reset` first when the records after its lastSeq
 * are no longer all held (evicted by the cap) or came from another SW epoch, then the log
 * from where it can continue, in `snapshot` chunks (the last marked done) of at most
 * `chunkSize` records and BULK_MESSAGE_CHARS of text.
 *
 * Panel-facing contract for epochs: a panel whose `epoch` differs from the SW's current one
 * (the SW restarted and rebuilt its log from server history) gets `reset` with reason
 * 'epoch' and then the whole log; it keeps its own records and merges the new ones by event
 * id, so nothing shows twice and nothing already seen disappears.
 */
import type { ConnectionStatus } from '../shared/connection';
import type { BackgroundToPanel, Subscription } from '../shared/port/messages';
import type { EventLog } from './event-log';
import { prependMessages } from './port-hub-outbox';
import { listingOf } from './port-listing';
import { BULK_MESSAGE_CHARS, sizedRuns } from './port-message-size';

export const SNAPSHOT_CHUNK_RECORDS = 2_000;

export function snapshotMessages(
  log: EventLog, status: ConnectionStatus, subscription: Subscription, currentEpoch: string,
  chunkSize = SNAPSHOT_CHUNK_RECORDS,
): BackgroundToPanel[] {
  const { key } = subscription;
  const messages: BackgroundToPanel[] = [];
  let fromSeq = subscription.lastSeq;
  const oldest = log.oldestSeq();
  if (subscription.epoch !== undefined && subscription.epoch !== currentEpoch) {
    messages.push({ type: 'reset', key, reason: 'epoch' });
    fromSeq = -1;
  } else if (fromSeq >= 0 && oldest !== undefined && fromSeq + 1 < oldest) {
    messages.push({ type: 'reset', key, reason: 'evicted' });
    fromSeq = -1;
  }
  // -1 means "none held": everything, including records numbered below zero (prepended history).
  const records = log.since(fromSeq < 0 ? -Infinity : fromSeq).map((r) => listingOf(r));
  const droppedBefore = fromSeq >= 0 ? droppedBelow(log, subscription.firstSeq) : log.counters().dropped;
  // One chunk even for no records: the panel learns the status, and that the snapshot is done.
  const chunks = records.length === 0 ? [[]] : sizedRuns(records, chunkSize, BULK_MESSAGE_CHARS);
  chunks.forEach((chunk, i) => messages.push({ type: 'snapshot', key, status, records: chunk, droppedBefore, done: i === chunks.length - 1 }));
  // The panel holds records but the log gained older ones before them since (history backfill).
  if (fromSeq >= 0 && subscription.firstSeq !== undefined) {
    const older = log.before(subscription.firstSeq).map((r) => listingOf(r));
    messages.push(...prependMessages(key, older, droppedBefore, chunkSize));
  }
  return messages;
}

/**
 * Of the records the log's cap dropped, those numbered below `firstSeq` (the panel's first):
 * the rest it evicted after the panel had them, so the panel still shows them. Seqs are
 * contiguous, so the dropped ones are the seqs just below the oldest held. Without this a
 * re-subscribe in the same epoch called records the panel held "older records dropped".
 */
function droppedBelow(log: EventLog, firstSeq: number | undefined): number {
  const { dropped, nextSeq } = log.counters();
  if (firstSeq === undefined) return dropped;
  const oldest = log.oldestSeq() ?? nextSeq;
  return Math.max(0, Math.min(dropped, firstSeq - (oldest - dropped)));
}
