/**
 * The reconnect story of one conversation: its connection transitions and errors, kept apart
 * from the records so an event flood that makes the record cap drop old rows never evicts it.
 * Bounded too; what it forgets is counted.
 */
import { signal } from '@preact/signals';
import type { LogRecord } from '../../shared/record';

/** @default 500 transitions and errors per conversation */
export const STORY_CAP = 500;

/** A record belongs to the story when it is a connection transition or any error. */
export function isStoryRecord(record: LogRecord): boolean {
  return record.meta?.type === 'transition' || record.meta?.type === 'error' || record.category === 'error';
}

export class ConnectionStory {
  readonly entries = signal<readonly LogRecord[]>([]);
  readonly forgotten = signal(0);

  constructor(private readonly cap = STORY_CAP) {}

  take(records: readonly LogRecord[]): void {
    const picked = records.filter(isStoryRecord);
    if (picked.length === 0) return;
    this.keepNewest([...this.entries.peek(), ...picked]);
  }

  /**
   * Records older than every one taken (history loaded newest-first) go first; past the cap
   * the oldest are forgotten first, as with `take`. Without this an error in the backfilled
   * history was in the log but not in the story's Errors.
   */
  takeOlder(records: readonly LogRecord[]): void {
    const picked = records.filter(isStoryRecord);
    if (picked.length === 0) return;
    this.keepNewest([...picked, ...this.entries.peek()]);
  }

  clear(): void {
    this.entries.value = [];
    this.forgotten.value = 0;
  }

  /** Entries oldest first: past the cap, the oldest are forgotten and counted. */
  private keepNewest(entries: LogRecord[]): void {
    if (entries.length > this.cap) this.forgotten.value += entries.length - this.cap;
    this.entries.value = entries.slice(-this.cap);
  }
}
