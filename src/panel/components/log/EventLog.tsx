/**
 * The event log: filter bar, the "N older records dropped" row and the virtualized list over a
 * RecordSource. Mounted by the panel shell; the selection lives with the shell.
 */
import { useEffect, useMemo } from 'preact/hooks';
import { createEventLogModel, type RecordSource } from '../../log/event-log-model';
import type { FilterStorage } from '../../log/filter-spec';
import { formatCount } from '../../log/format';
import type { PayloadSearcher } from '../../log/payload-matches';
import { FilterBar } from './FilterBar';
import { LogViewport } from './LogViewport';
import { scheduleFollowerRender } from '../per-frame';

export interface EventLogProps {
  source: RecordSource;
  selectedSeq: number | null;
  onSelect(seq: number): void;
  /** Seq to mark (e.g. the time-travel position); optional. */
  cursorSeq?: number | null;
  /** Where filter settings persist per panel (a localStorage-like seam). */
  filterStorage?: FilterStorage;
  /**
   * Text pushed from outside, e.g. DevTools' own search box (`ExtensionPanel.onSearch`). Each new
   * object replaces the filter's text once, in whichever EventLog gets it first (and is remembered
   * like typed text), so searching the same text again after editing the box applies it again.
   * Undefined: nothing pushed.
   */
  externalFilter?: { text: string };
  /** Re-render for new records when the follower schedule says (per-frame.ts) instead of once per batch (the panel). */
  renderPerFrame?: boolean;
  /** Searches the payloads the SW kept for the filter text (live conversations). */
  searchPayloads?: PayloadSearcher;
}

/**
 * DevTools searches already applied. The shell mounts an EventLog per conversation with the
 * search it holds: applied on every switch, one search overwrote what the person typed since.
 */
const appliedSearches = new WeakSet<{ text: string }>();

function DroppedRow({ source }: { source: RecordSource }) {
  const dropped = source.droppedBefore.value;
  if (dropped <= 0) return null;
  return (
    <div class="log-dropped" data-testid="dropped-row" role="status">
      {formatCount(dropped)} older {dropped === 1 ? 'record' : 'records'} dropped
    </div>
  );
}

export function EventLog({ source, selectedSeq, onSelect, cursorSeq = null, filterStorage, externalFilter, renderPerFrame = false, searchPayloads }: EventLogProps) {
  // The model lives as long as the source; a new storage object or searcher per render must not reset it.
  const model = useMemo(() => createEventLogModel(source, filterStorage, renderPerFrame ? scheduleFollowerRender : undefined, searchPayloads), [source]);
  useEffect(() => model.dispose, [model]);
  useEffect(() => {
    if (externalFilter === undefined || appliedSearches.has(externalFilter)) return;
    appliedSearches.add(externalFilter);
    model.setFilter({ text: externalFilter.text });
  }, [model, externalFilter]);
  return (
    <section class="event-log" aria-label="Event log">
      <FilterBar model={model} />
      <DroppedRow source={source} />
      <LogViewport model={model} selectedSeq={selectedSeq} cursorSeq={cursorSeq} onSelect={onSelect} />
    </section>
  );
}
