/**
 * Conversations whose connection the SW no longer holds stay in the panel (their records, a
 * Reattach button), but not without bound: a long session that follows sub-conversations or
 * another panel's attaches sees many come and go. This remembers when each was removed, so the
 * ones removed longest ago are the ones to leave.
 */
import type { Conversation } from './conversation';

export class RemovalOrder {
  private readonly removedAt = new Map<string, number>();
  private removals = 0;

  /** The connection behind `key` was removed now. */
  removed(key: string): void {
    this.removals += 1;
    this.removedAt.set(key, this.removals);
  }

  /** `key` left the list (detached, or past the bound). */
  forget(key: string): void {
    this.removedAt.delete(key);
  }

  /** Keys of the removed conversations beyond `max`, removed longest ago first; never `keep` (the one shown). */
  pastBound(conversations: readonly Conversation[], max: number, keep: string | null): string[] {
    const removed = conversations.filter((c) => c.removed.peek());
    const excess = removed.length - max;
    if (excess <= 0) return [];
    const at = (c: Conversation) => this.removedAt.get(c.key) ?? 0;
    return removed.filter((c) => c.key !== keep).sort((a, b) => at(a) - at(b)).slice(0, excess).map((c) => c.key);
  }
}
