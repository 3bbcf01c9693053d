import type { ComposerDraft } from '../../composer/draft';
import type { SendHistory } from '../../composer/history';

export interface SendHistoryListProps {
  history: SendHistory;
  onLoad(draft: ComposerDraft): void;
}

/** What was sent from this panel, newest first; any entry loads back into the composer. */
export function SendHistoryList({ history, onLoad }: SendHistoryListProps) {
  if (history.entries.length === 0) return null;
  return (
    <details class="send-history">
      <summary>History ({history.entries.length}{history.dropped > 0 ? `, ${history.dropped} older dropped` : ''})</summary>
      <ol>
        {history.entries.map((entry, i) => (
          <li key={`${entry.at}-${i}`} data-via={entry.via} data-failed={entry.error ? 'true' : undefined}>
            <time>{new Date(entry.at).toLocaleTimeString()}</time> <span class="via">{entry.via}</span> {entry.summary}
            {entry.error && <span class="field-error"> — {entry.error}</span>}
            {entry.unanswered && <span class="composer-unanswered"> — no answer ({entry.unanswered}): it may have been delivered</span>}
            {entry.via !== 'control' && <button type="button" onClick={() => onLoad(entry.draft)}>Load</button>}
          </li>
        ))}
      </ol>
    </details>
  );
}
