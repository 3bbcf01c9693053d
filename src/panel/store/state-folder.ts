/**
 * Conversation state at any position of a record array, folded incrementally: the live end
 * is advanced record by record as batches arrive, and a checkpoint every `every` records lets
 * time travel (a selected or replayed position) fold only the last stretch, not from zero.
 */
import { emptyState, foldRecords, type ConversationState } from '../../shared/conversation-state';
import type { LogRecord } from '../../shared/record';

export class StateFolder {
  /** checkpoints[k] = state after records[0 .. k*every-1]. */
  private checkpoints: ConversationState[] = [emptyState()];
  private folded = 0;
  private state = emptyState();

  constructor(private readonly records: readonly LogRecord[], private readonly every = 1024) {}

  /** State after every record held. */
  atEnd(): ConversationState {
    // One fold per stretch up to the next checkpoint: a checkpoint's state must not change after.
    while (this.folded < this.records.length) {
      const to = Math.min(this.records.length, (Math.floor(this.folded / this.every) + 1) * this.every);
      this.state = foldRecords(this.state, this.records, this.folded, to);
      this.folded = to;
      if (this.folded % this.every === 0) this.checkpoints[this.folded / this.every] = this.state;
    }
    return this.state;
  }

  /** State after records[0..index] inclusive. */
  at(index: number): ConversationState {
    if (index >= this.records.length - 1) return this.atEnd();
    if (index < 0) return emptyState();
    this.atEnd();
    const checkpoint = Math.floor((index + 1) / this.every);
    return foldRecords(this.checkpoints[checkpoint] ?? emptyState(), this.records, checkpoint * this.every, index + 1);
  }

  /** Records from `index` on changed (updated in place, or the array was rebuilt): fold them again. */
  invalidateFrom(index: number): void {
    if (index >= this.folded) return;
    const checkpoint = Math.floor(Math.max(0, index) / this.every);
    this.checkpoints = this.checkpoints.slice(0, checkpoint + 1);
    this.state = this.checkpoints[checkpoint] ?? emptyState();
    this.folded = checkpoint * this.every;
  }
}
