/**
 * One conversation's records as the panel holds them: a single array mutated in place (the
 * event list indexes it directly, 100k+ rows) plus signals that say when and how it changed.
 * Bounded: past `cap` records the oldest are dropped in one step and counted, never silently.
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import type { LogRecord } from '../../shared/record';
import { indexAtOrBefore } from '../replay/controller';

/** The shape the event list reads (fixed with panel-log's `RecordSource`). */
export interface RecordSource {
  readonly records: readonly LogRecord[];
  readonly version: ReadonlySignal<number>;
  readonly droppedBefore: ReadonlySignal<number>;
  readonly generation: ReadonlySignal<number>;
}

/** @default 200_000 records per conversation in the panel */
export const PANEL_RECORD_CAP = 200_000;

export class RecordBuffer implements RecordSource {
  readonly records: LogRecord[] = [];
  readonly version = signal(0);
  readonly droppedBefore = signal(0);
  readonly generation = signal(0);
  /** Records the panel itself dropped for its cap (part of droppedBefore). */
  readonly droppedByPanel = signal(0);
  private swDropped = 0;
  /** Set by keepSwDropped: the SW's count no longer describes what precedes our first record. */
  private swDroppedKept = false;

  /** `onDropped` hears the records the cap removed (so indexes kept beside the buffer stay bounded). */
  constructor(private readonly cap = PANEL_RECORD_CAP, private readonly onDropped?: (records: LogRecord[]) => void) {}

  get lastSeq(): number {
    return this.records[this.records.length - 1]?.seq ?? -1;
  }

  /** Appends records in seq order; ones not above the last seq held are ignored. Returns how many were kept. */
  append(records: readonly LogRecord[]): number {
    let kept = 0;
    for (const record of records) {
      // Not `lastSeq` (-1 when empty): seqs of history loaded newest-first go below zero.
      const last = this.records[this.records.length - 1];
      if (last !== undefined && record.seq <= last.seq) continue;
      this.records.push(record);
      kept += 1;
    }
    if (kept === 0) return 0;
    this.version.value += 1;
    if (this.records.length > this.cap) this.dropOldest();
    return kept;
  }

  /**
   * Older records (seqs below the first held) placed before everything: history loaded
   * newest-first. Past the cap, the oldest of them are dropped and counted. Returns the kept ones.
   */
  prepend(records: readonly LogRecord[]): LogRecord[] {
    const first = this.records[0]?.seq ?? Infinity;
    const older = records.filter((record) => record.seq < first);
    const room = Math.max(0, this.cap - this.records.length);
    const kept = older.length > room ? older.slice(older.length - room) : older;
    if (older.length > kept.length) {
      this.droppedByPanel.value += older.length - kept.length;
      this.droppedBefore.value = this.swDropped + this.droppedByPanel.value;
    }
    if (kept.length === 0) return kept;
    // Rebuilt in place (views index this very array); a spread of 100k would overflow the stack.
    const held = this.records.splice(0);
    for (const record of kept) this.records.push(record);
    for (const record of held) this.records.push(record);
    this.generation.value += 1;
    this.version.value += 1;
    return kept;
  }

  /** Replaces held records with the same seq (a growing stream item, an echo status). */
  update(records: readonly LogRecord[]): number {
    let replaced = 0;
    for (const record of records) {
      const index = this.indexOfSeq(record.seq);
      if (index < 0) continue;
      this.records[index] = record;
      replaced += 1;
    }
    if (replaced > 0) this.version.value += 1;
    return replaced;
  }

  /** Empties the buffer (reset, clear). `swDropped`: what the SW log dropped before what follows. */
  clear(swDropped = 0): void {
    this.records.length = 0;
    this.swDropped = swDropped;
    this.swDroppedKept = false;
    this.droppedByPanel.value = 0;
    this.droppedBefore.value = swDropped;
    this.generation.value += 1;
    this.version.value += 1;
  }

  /** The SW reported how many records its own cap dropped before our first (only grows within one log). */
  setSwDropped(count: number): void {
    if (this.swDroppedKept || count === this.swDropped) return;
    this.swDropped = count;
    this.droppedBefore.value = count + this.droppedByPanel.value;
  }

  /**
   * Our records stay while a new SW log continues them (an SW restart, a re-attach): what its
   * cap drops comes after our first record, not before it, so our count stands until a clear.
   * Before, a restart set "N older records dropped" back to the new log's 0.
   */
  keepSwDropped(): void {
    this.swDroppedKept = true;
  }

  /** Binary search by seq; -1 when not held. */
  indexOfSeq(seq: number): number {
    const index = indexAtOrBefore(this.records, seq);
    return this.records[index]?.seq === seq ? index : -1;
  }

  get(seq: number): LogRecord | undefined {
    const index = this.indexOfSeq(seq);
    return index < 0 ? undefined : this.records[index];
  }

  /** Drops a tenth of the cap at once so a steady stream does not splice on every batch. */
  private dropOldest(): void {
    const excess = this.records.length - this.cap + Math.ceil(this.cap / 10);
    const removed = this.records.splice(0, excess);
    this.onDropped?.(removed);
    this.droppedByPanel.value += excess;
    this.droppedBefore.value = this.swDropped + this.droppedByPanel.value;
    this.generation.value += 1;
  }
}
