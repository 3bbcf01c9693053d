/**
 * Per-port, per-conversation outbox: appended records are batched and flushed once per tick
 * (a microtask, or a short timer) as `recordsAppended` messages of at most `maxBatch` records
 * and LIVE_MESSAGE_CHARS of text each. When a panel falls behind (queue over `maxQueued`), the
 * queue collapses into one `resync` so the SW never holds an unbounded backlog for a slow
 * panel; the panel re-subscribes from its lastSeq.
 */
import type { LogRecord } from '../shared/record';
import type { BackgroundToPanel } from '../shared/port/messages';
import { listingOf } from './port-listing';
import { BULK_MESSAGE_CHARS, LIVE_MESSAGE_CHARS, recordChars, sizedRuns } from './port-message-size';

/** `recordsPrepended` chunks for older records (oldest first; the last says done), cut by count and by size. */
export function prependMessages(key: string, records: readonly LogRecord[], droppedBefore: number, chunkSize: number): BackgroundToPanel[] {
  const chunks = sizedRuns(records, chunkSize, BULK_MESSAGE_CHARS);
  return chunks.map((chunk, i) => ({ type: 'recordsPrepended', key, records: chunk, droppedBefore, done: i === chunks.length - 1 }));
}

export interface OutboxOptions {
  key: string;
  post: (message: BackgroundToPanel) => void;
  maxBatch?: number;
  maxQueued?: number;
  /**
   * Appends are flushed once per microtask when undefined. With a delay, frames arriving in
   * separate tasks (every WebSocket message is one) share a batch instead of one message each;
   * the first record after a quiet interval still goes out at once (leading edge), and so does
   * a queue that already fills a message (waiting would only make it two), so a lone event or
   * a burst appended in one task (the newest history page) waits for no timer.
   */
  flushDelayMs?: number;
  /** Clock for the leading edge (ms). */
  now?: () => number;
  /** Records changed in place (growing streams) go out at most this often, latest version only. */
  updateIntervalMs?: number;
  setTimer?: (fn: () => void, ms: number) => void;
}

export class PortOutbox {
  private queue: LogRecord[] = [];
  /** The queue's size as liveBatches counts it. */
  private queuedChars = 0;
  private readonly updates = new Map<number, LogRecord>();
  private updateScheduled = false;
  /** A flush is due: by a microtask (`flushQueued`) or by the timer (the one with `timerToken`). */
  private scheduled = false;
  private flushQueued = false;
  private timerToken = 0;
  private lastFlushAt = -Infinity;
  private overflowed = false;
  /** Closed (unsubscribed, replaced, connection removed): queued and scheduled messages are dropped. */
  private closed = false;
  private readonly maxBatch: number;
  private readonly maxQueued: number;

  constructor(private readonly options: OutboxOptions) {
    this.maxBatch = options.maxBatch ?? 2_000;
    this.maxQueued = options.maxQueued ?? 20_000;
  }

  append(record: LogRecord): void {
    if (this.overflowed || this.closed) return;
    if (this.queue.length >= this.maxQueued) {
      this.queue = [];
      this.queuedChars = 0;
      this.overflowed = true;
    } else {
      const listing = listingOf(record);
      this.queue.push(listing);
      this.queuedChars += recordChars(listing);
    }
    this.schedule();
  }

  /** A held record changed: the panel gets its latest version in the next throttled `recordsUpdated`. */
  update(record: LogRecord): void {
    if (this.overflowed || this.closed) return;
    this.updates.set(record.seq, listingOf(record));
    if (this.updateScheduled) return;
    this.updateScheduled = true;
    const setTimer = this.options.setTimer ?? ((fn, ms) => { setTimeout(fn, ms); });
    setTimer(() => this.flushUpdates(), this.options.updateIntervalMs ?? 100);
  }

  /**
   * Older records for before the panel's first (history loaded newest-first): queued appends
   * go out first, then the older records in chunks, oldest first, the last marked done.
   * While overflowed nothing is sent: the re-subscribe's firstSeq brings them.
   */
  prepend(records: readonly LogRecord[], droppedBefore: number): void {
    if (this.overflowed || this.closed || records.length === 0) return;
    if (this.scheduled) this.flush();
    const listings = records.map((r) => listingOf(r));
    for (const message of prependMessages(this.options.key, listings, droppedBefore, this.maxBatch)) this.options.post(message);
  }

  /**
   * Nothing more goes out, not even what is queued or scheduled: the panel no longer follows
   * this log. A flush timer that fired after a detach posted the old log's records into the
   * conversation a quick re-attach had just created, and the panel then skipped the new log's
   * records with the same seqs (the newest history page of a re-attached conversation).
   */
  close(): void {
    this.discardQueued();
    this.closed = true;
    this.scheduled = false;
  }

  /**
   * Drops what waits to go out (the log was cleared); later records flow as before. A pending
   * flush stays: with nothing queued it posts nothing, or the `resync` an overflow owes.
   */
  discardQueued(): void {
    this.queue = [];
    this.queuedChars = 0;
    this.updates.clear();
  }

  private schedule(): void {
    if (this.flushQueued) return;
    const delay = this.options.flushDelayMs;
    const sinceFlush = this.now() - this.lastFlushAt;
    // The newest history page (two messages' worth) appended a few ms after the auto-protocol
    // note went out waited for the timer: the first view came up to 16 ms later, for nothing.
    const full = this.queue.length >= this.maxBatch || this.queuedChars >= LIVE_MESSAGE_CHARS;
    if (delay === undefined || sinceFlush >= delay || full) {
      this.scheduled = true;
      this.flushQueued = true;
      queueMicrotask(() => {
        this.flushQueued = false;
        if (this.scheduled) this.flush();
      });
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    const token = ++this.timerToken;
    (this.options.setTimer ?? ((fn, ms) => { setTimeout(fn, ms); }))(() => { if (this.scheduled && token === this.timerToken) this.flush(); }, delay - sinceFlush);
  }

  private now(): number {
    return this.options.now?.() ?? performance.now();
  }

  private flushUpdates(): void {
    this.updateScheduled = false;
    if (this.updates.size === 0 || this.overflowed || this.closed) return;
    // Appends still queued go first, so a panel never gets an update for a record it lacks.
    if (this.scheduled) this.flush();
    const records = [...this.updates.values()];
    this.updates.clear();
    for (const batch of sizedRuns(records, this.maxBatch, LIVE_MESSAGE_CHARS)) this.options.post({ type: 'recordsUpdated', key: this.options.key, records: batch });
  }

  private flush(): void {
    this.scheduled = false;
    this.timerToken += 1; // a timer still pending finds nothing of its own to flush
    this.lastFlushAt = this.now();
    const { key, post } = this.options;
    if (this.overflowed && this.queue.length === 0) {
      post({ type: 'resync', key, reason: `panel fell behind by more than ${this.maxQueued} records` });
      return;
    }
    for (const batch of sizedRuns(this.queue, this.maxBatch, LIVE_MESSAGE_CHARS)) post({ type: 'recordsAppended', key, records: batch });
    this.queue = [];
    this.queuedChars = 0;
  }
}
