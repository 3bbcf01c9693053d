/**
 * Tells what changed in a RecordSource's array since the last look, without re-reading records:
 * appends are the new tail, in-place updates are found by object identity (the store replaces
 * the element, so a pointer comparison per held record is the whole cost, far below re-filtering).
 * A shrunken array or a `generation` bump is a reset: indexes must rebuild.
 */
import type { LogRecord } from '../../shared/record';

export type RecordChanges =
  | { type: 'reset' }
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
      this.generation = generation;
      this.seen = records.slice();
      return { type: 'reset' };
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
}
