/**
 * The rows the list shows: ascending indexes into the source's record array that pass the
 * filter. Extended with only the new records on append, patched one record at a time on an
 * in-place update, and rebuilt in full only when the filter or the array as a whole changed.
 */
import type { LogRecord } from '../../shared/record';
import type { RecordChanges } from './record-changes';
import type { RecordPredicate } from './record-filter';

/** First position in the ascending `values` whose value is >= `target`. */
export function lowerBound(values: readonly number[], target: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((values[mid] as number) < target) low = mid + 1;
    else high = mid;
  }
  return low;
}

export class FilteredIndex {
  private rows: number[] = [];

  get length(): number {
    return this.rows.length;
  }

  /** The record index shown at list position `position`. */
  at(position: number): number | undefined {
    return this.rows[position];
  }

  /** List position of a record index, or -1 when that record is filtered out. */
  positionOf(recordIndex: number): number {
    const position = lowerBound(this.rows, recordIndex);
    return this.rows[position] === recordIndex ? position : -1;
  }

  /** List position of the first shown record at or after a record index (length: none). */
  positionAtOrAfter(recordIndex: number): number {
    return lowerBound(this.rows, recordIndex);
  }

  /** Full pass: only on a filter change or a reset of the source. */
  rebuild(records: readonly LogRecord[], match: RecordPredicate): void {
    const rows: number[] = [];
    for (let i = 0; i < records.length; i++) if (match(records[i] as LogRecord)) rows.push(i);
    this.rows = rows;
  }

  /** Applies one batch of changes; returns how many shown rows the appended records added. */
  apply(records: readonly LogRecord[], changes: RecordChanges, match: RecordPredicate): number {
    if (changes.type === 'reset') {
      this.rebuild(records, match);
      return 0;
    }
    if (changes.type === 'headDropped') {
      this.rebuild(records, match);
      return this.rows.length - lowerBound(this.rows, changes.appendedFrom);
    }
    for (const { index } of changes.replaced) this.retest(index, match(records[index] as LogRecord));
    const before = this.rows.length;
    for (let i = changes.appendedFrom; i < records.length; i++) if (match(records[i] as LogRecord)) this.rows.push(i);
    return this.rows.length - before;
  }

  private retest(recordIndex: number, passes: boolean): void {
    const position = lowerBound(this.rows, recordIndex);
    const present = this.rows[position] === recordIndex;
    if (passes && !present) this.rows.splice(position, 0, recordIndex);
    else if (!passes && present) this.rows.splice(position, 1);
  }
}
