/**
 * Time travel over one conversation's records: a position (a seq, or null = follow the live
 * end), play/pause, steps and speeds. Pure: records come from a RecordSource-like object and
 * time from an injected timer, so playback is tested with a fake clock. The position signal is
 * normally the store's, so the list selection, the detail and the derived state follow it.
 *
 * States: live (position null, paused) → paused at a seq ⇄ playing; playing stops by itself at
 * the last record held, or when someone else moved the position. Original timing anchors at
 * play/seek/speed change and schedules record k at anchor + (receivedAt[k] − receivedAt[anchor])
 * / factor, so delays never accumulate drift.
 */
import { signal } from '@preact/signals';
import type { LogRecord } from '../../shared/record';
import { DEFAULT_SPEED, type ReplaySpeed } from './speed';

export interface ReplayTimer {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** A writable position: the store's signal, or an object whose setter goes through a store action. */
export interface ReplayPosition {
  value: number | null;
}

export interface ReplayRecords {
  readonly records: readonly LogRecord[];
}

/** Index of the last record with seq ≤ `seq` (records are in seq order); -1 when none. */
export function indexAtOrBefore(records: readonly LogRecord[], seq: number): number {
  let low = 0;
  let high = records.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    if ((records[mid] as LogRecord).seq <= seq) { found = mid; low = mid + 1; } else high = mid - 1;
  }
  return found;
}

export class ReplayController {
  readonly playing = signal(false);
  readonly speed = signal<ReplaySpeed>(DEFAULT_SPEED);
  private handle: unknown;
  private anchor: { index: number; at: number; recordAt: number } | undefined;
  /** The position this controller last showed while playing; another value means someone else moved it. */
  private shown: number | null = null;

  constructor(
    private readonly source: ReplayRecords,
    private readonly timer: ReplayTimer,
    /** seq of the record the conversation is shown at; null = live (the end, following new records). */
    readonly position: ReplayPosition = signal<number | null>(null),
  ) {}

  get records(): readonly LogRecord[] {
    return this.source.records;
  }

  get length(): number {
    return this.source.records.length;
  }

  /** Index of the record shown (the last one when live); -1 when there are none. */
  get index(): number {
    const records = this.source.records;
    const position = this.position.value;
    if (position === null) return records.length - 1;
    return Math.max(indexAtOrBefore(records, position), records.length > 0 ? 0 : -1);
  }

  get isLive(): boolean {
    return this.position.value === null;
  }

  seek(index: number): void {
    const records = this.source.records;
    if (records.length === 0) return;
    const clamped = Math.min(Math.max(0, Math.trunc(index)), records.length - 1);
    this.position.value = (records[clamped] as LogRecord).seq;
    if (this.playing.value) this.restart();
  }

  stepForward(): void {
    if (!this.isLive) this.seek(this.index + 1);
  }

  stepBack(): void {
    this.seek(this.index - 1);
  }

  toStart(): void {
    this.seek(0);
  }

  toEnd(): void {
    this.seek(this.length - 1);
  }

  /** Back to following the live end. */
  goLive(): void {
    this.pause();
    this.position.value = null;
  }

  play(): void {
    if (this.length === 0) return;
    // From the end (or live) a replay starts over from the first record.
    if (this.isLive || this.index >= this.length - 1) this.position.value = (this.source.records[0] as LogRecord).seq;
    this.playing.value = true;
    this.restart();
  }

  pause(): void {
    this.playing.value = false;
    this.cancelTimer();
    this.anchor = undefined;
  }

  toggle(): void {
    if (this.playing.value) this.pause();
    else this.play();
  }

  setSpeed(speed: ReplaySpeed): void {
    this.speed.value = speed;
    if (this.playing.value) this.restart();
  }

  dispose(): void {
    this.pause();
  }

  private restart(): void {
    this.cancelTimer();
    const index = this.index;
    const record = this.source.records[index];
    if (!record) { this.pause(); return; }
    this.shown = this.position.value;
    this.anchor = { index, at: this.timer.now(), recordAt: record.receivedAt };
    this.scheduleNext();
  }

  private delayTo(next: LogRecord): number {
    const speed = this.speed.value;
    if (speed.kind === 'fixed') return speed.stepMs;
    const anchor = this.anchor as { at: number; recordAt: number };
    const due = anchor.at + Math.max(0, next.receivedAt - anchor.recordAt) / Math.max(speed.factor, 1e-6);
    return Math.max(0, due - this.timer.now());
  }

  private scheduleNext(): void {
    const nextIndex = this.index + 1;
    const next = this.source.records[nextIndex];
    if (!next) { this.pause(); return; }
    this.handle = this.timer.setTimeout(() => {
      this.handle = undefined;
      // The store moved the position meanwhile (Clear log, reload, eviction reset it to live):
      // writing this timer's seq back would pin the view to a record that may be gone.
      if (this.position.value !== this.shown) { this.pause(); return; }
      this.position.value = next.seq;
      this.shown = next.seq;
      if (nextIndex >= this.length - 1) this.pause();
      else this.scheduleNext();
    }, this.delayTo(next));
  }

  private cancelTimer(): void {
    if (this.handle !== undefined) this.timer.clearTimeout(this.handle);
    this.handle = undefined;
  }
}
