/** The bottom status bar: link state and SW epoch, and the active conversation's counts. */
import type { PanelStore } from '../../store/panel-store';
import { useNow } from '../sidebar/use-now';
import { elapsedText, recentRate } from './traffic';
import { usePerFrame } from '../per-frame';
import { formatCount } from '../../log/format';

export interface StatusBarProps {
  store: Pick<PanelStore, 'link' | 'active' | 'reloadFromSw'>;
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function StatusBar({ store }: StatusBarProps) {
  const state = store.link.state.value;
  const epoch = store.link.epoch.value;
  const conversation = store.active.value;
  usePerFrame(...(conversation ? [conversation.source.version] : []));
  const counts = conversation?.status.value?.counts;
  // Re-read the clock each second so the rate decays when traffic stops.
  const now = useNow(conversation !== undefined && !conversation.isImported, 1_000);
  return (
    <footer class="status-bar" aria-label="Status">
      <span class="link-state" data-testid="link-state" data-state={state}>SW {state}</span>
      {epoch && <span title="service-worker epoch">epoch {epoch.slice(0, 8)}</span>}
      {store.link.badEnvelopes.value > 0 && <span class="warn">{store.link.badEnvelopes.value} malformed messages</span>}
      {conversation && (
        <>
          <span data-testid="status-records">{formatCount(conversation.source.records.length)} records</span>
          {!conversation.isImported && <span data-testid="status-rate">{recentRate(conversation.source.records, now).toFixed(1)}/s</span>}
          <span title="from the first to the last record held">{elapsedText(conversation.source.records)}</span>
          {conversation.source.droppedBefore.value > 0 && <span class="warn">{formatCount(conversation.source.droppedBefore.value)} dropped</span>}
          {counts && <span>{bytes(counts.bytes)}</span>}
          {counts && <span>{formatCount(counts.duplicates + conversation.mergedDuplicates.value)} duplicates</span>}
          {counts && <span>{formatCount(counts.gaps)} gaps</span>}
          {counts && counts.errors > 0 && <span class="warn">{formatCount(counts.errors)} errors</span>}
          {conversation.unplacedAfterRestart.value > 0 && (
            <button
              type="button" class="warn status-action" data-testid="status-unplaced"
              title="The restarted service worker reloaded these from the server; they belong among the records kept from before the restart, where there is no place for them. Reloading shows the service worker's log instead, without what only this panel kept (older transitions and sent frames)."
              onClick={() => store.reloadFromSw(conversation.key)}
            >
              {formatCount(conversation.unplacedAfterRestart.value)} reloaded events not shown · reload log
            </button>
          )}
        </>
      )}
    </footer>
  );
}
