/** What the composer sent, newest first, bounded (the oldest fall off; the count says so). */
import type { ComposerDraft } from './draft';

export const HISTORY_CAP = 50;

export interface HistoryEntry {
  at: number;
  draft: ComposerDraft;
  via: 'socket' | 'rest' | 'control';
  /** One line for the list. */
  summary: string;
  /** The error when the send was refused. */
  error?: string;
  /** Why no answer came when the send may still have been delivered (a REST send that timed out). */
  unanswered?: string;
}

export interface SendHistory {
  entries: readonly HistoryEntry[];
  /** Entries that fell off the end. */
  dropped: number;
}

export const emptyHistory = (): SendHistory => ({ entries: [], dropped: 0 });

export function recordSend(history: SendHistory, entry: HistoryEntry, cap = HISTORY_CAP): SendHistory {
  const entries = [entry, ...history.entries];
  const over = Math.max(0, entries.length - cap);
  return { entries: entries.slice(0, cap), dropped: history.dropped + over };
}

export function summarizeDraft(draft: ComposerDraft): string {
  const images = draft.images.length > 0 ? ` [+${draft.images.length} image${draft.images.length > 1 ? 's' : ''}]` : '';
  const flat = draft.text.replace(/\s+/g, ' ').trim();
  return `${flat.length > 100 ? `${flat.slice(0, 99)}…` : flat}${images}`;
}
