/**
 * Tells what changed in a RecordSource's array since the last look, without re-reading records:
 * appends are the new tail, in-place updates are found by object identity (the store replaces
 * the element, so a pointer comparison per held record is the whole cost, far below re-filtering).
 * A shrunken array or a `generation` bump is a reset: indexes must rebuild. One bump is told
 * apart: the cap dropping the oldest records leaves the rest, and their seqs, as they were.
 */
import type { LogRecord } from '../../shared/record';

export type RecordChanges =
  | { type: 'reset' }
  /**
   * Only the oldest records went (the panel's cap): indexes rebuild, but every seq held still
   * means the same record, so what was learnt by seq (payload matches) stands.
   */
  | {
      type: 'headDropped';
      /** Records at [appendedFrom, records.length) are new (the batch that made the cap drop). */
      appendedFrom: number;
    }
  | {
      type: 'changes';
      /** Records at [appendedFrom, records.length) are new. */
      appendedFrom: number;
      /** Indexes whose element was replaced, with the element seen before. */
      replaced: Array<{ index: number; previous: LogRecord }>;
    };

export class RecordChangeTracker {
  private seen: LogRecord[] = [];
  private generation: number | undefined;

  /** Compares the array with what was seen last time and remembers the new state. */
  next(records: readonly LogRecord[], generation: number): RecordChanges {
    if (generation !== this.generation || records.length < this.seen.length) {
      const kept = generation !== this.generation ? this.keptAfterHeadDrop(records) : undefined;
      this.generation = generation;
      this.seen = records.slice();
      return kept === undefined ? { type: 'reset' } : { type: 'headDropped', appendedFrom: kept };
    }
    const replaced: Array<{ index: number; previous: LogRecord }> = [];
    const seen = this.seen;
    for (let i = 0; i < seen.length; i++) {
      const current = records[i] as LogRecord;
      if (current !== seen[i]) {
        replaced.push({ index: i, previous: seen[i] as LogRecord });
        seen[i] = current;
      }
    }
    const appendedFrom = seen.length;
    for (let i = appendedFrom; i < records.length; i++) seen.push(records[i] as LogRecord);
    return { type: 'changes', appendedFrom, replaced };
  }

  /**
   * How many records seen before still lead `records` in the same order when the array lost
   * only some of its oldest (the first one now is one seen, not the first seen); undefined for
   * any other change (cleared, refilled, older records placed first).
   */
  private keptAfterHeadDrop(records: readonly LogRecord[]): number | undefined {
    const first = records[0];
    const dropped = first === undefined ? -1 : this.seen.indexOf(first);
    if (dropped <= 0) return undefined;
    const kept = this.seen.length - dropped;
    if (records.length < kept) return undefined;
    for (let i = 0; i < kept; i++) if ((records[i] as LogRecord).seq !== (this.seen[dropped + i] as LogRecord).seq) return undefined;
    return kept;
  }
}
