/**
 * What the filter menus offer: every kind, nested kind and source seen, with how many records
 * carry it. Kept incrementally from the same changes as the filtered index.
 */
import type { LogRecord } from '../../shared/record';
import type { RecordChanges } from './record-changes';
import { kindOf, sourceOf } from './record-labels';

export interface FacetEntry {
  value: string;
  count: number;
}

class Counter {
  readonly counts = new Map<string, number>();
  add(value: string, delta: number): void {
    const next = (this.counts.get(value) ?? 0) + delta;
    if (next <= 0) this.counts.delete(value);
    else this.counts.set(value, next);
  }
  entries(): FacetEntry[] {
    return [...this.counts].map(([value, count]) => ({ value, count })).sort((a, b) => a.value.localeCompare(b.value));
  }
}

export class FacetCounts {
  private kinds = new Counter();
  private nestedKinds = new Counter();
  private sources = new Counter();

  apply(records: readonly LogRecord[], changes: RecordChanges): void {
    if (changes.type !== 'changes') {
      this.kinds = new Counter();
      this.nestedKinds = new Counter();
      this.sources = new Counter();
      for (const record of records) this.count(record, 1);
      return;
    }
    for (const { index, previous } of changes.replaced) {
      this.count(previous, -1);
      this.count(records[index] as LogRecord, 1);
    }
    for (let i = changes.appendedFrom; i < records.length; i++) this.count(records[i] as LogRecord, 1);
  }

  kindEntries(): FacetEntry[] {
    return this.kinds.entries();
  }
  nestedKindEntries(): FacetEntry[] {
    return this.nestedKinds.entries();
  }
  sourceEntries(): FacetEntry[] {
    return this.sources.entries();
  }

  private count(record: LogRecord, delta: number): void {
    this.kinds.add(kindOf(record), delta);
    if (record.nestedKind) this.nestedKinds.add(record.nestedKind, delta);
    this.sources.add(sourceOf(record), delta);
  }
}
