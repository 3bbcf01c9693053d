/**
 * The event list's state outside the DOM: filter settings (remembered per panel), the filtered
 * index kept in step with the record source, the filter menus' facets, and stick-to-bottom.
 * One effect reacts to the source's `version`/`generation` and to filter changes; everything it
 * does per batch is proportional to the batch, except the identity scan in RecordChangeTracker.
 */
import { batch, computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import type { LogRecord } from '../../shared/record';
import { loadFilterSpec, saveFilterSpec, type FilterSpec, type FilterStorage } from './filter-spec';
import { compileFilter, type CompiledFilter, type RecordPredicate } from './record-filter';
import { RecordChangeTracker } from './record-changes';
import { FilteredIndex } from './filtered-index';
import { FacetCounts } from './facet-counts';
import { FOLLOWING, nextFollowState, type FollowEvent, type FollowState } from './follow-state';
import { PayloadMatches, type PayloadSearcher } from './payload-matches';

/** What the list reads from the panel store (fixed with panel-shell). */
export interface RecordSource {
  /** The conversation's records in seq order; the same array, mutated in place. */
  readonly records: readonly LogRecord[];
  /** Bumps on every append/update/reset. */
  readonly version: ReadonlySignal<number>;
  /** Records the SW log dropped before the first one held (cap); 0 if none. */
  readonly droppedBefore: ReadonlySignal<number>;
  /** Bumps when records were removed/replaced wholesale, so indexes rebuild. */
  readonly generation: ReadonlySignal<number>;
}

/** Binary search of the seq-ordered records; -1 when not held. */
export function indexOfSeq(records: readonly LogRecord[], seq: number): number {
  let low = 0;
  let high = records.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const value = (records[mid] as LogRecord).seq;
    if (value === seq) return mid;
    if (value < seq) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

/**
 * When the list re-renders for new or changed records. Undefined: at once, per batch. A frame
 * scheduler (throttled animation frames) renders once per frame however many batches arrived, so a
 * panel that falls behind renders less instead of rebuilding its window for every batch.
 */
export type RenderScheduler = (render: () => void) => void;

/** Payload matches re-tested one row at a time up to this many; more re-filter every record once. */
export const RETEST_AT_MOST = 64;

/**
 * @param searchPayloads runs the filter text over payloads held only by the SW (a live
 *   conversation); without it, records are filtered by what the panel holds.
 */
export function createEventLogModel(source: RecordSource, storage?: FilterStorage, scheduleRender?: RenderScheduler, searchPayloads?: PayloadSearcher) {
  const filter = signal<FilterSpec>(loadFilterSpec(storage));
  const payloads = new PayloadMatches(searchPayloads, (seqs) => retestFound(seqs));
  const payloadMatch = (record: LogRecord) => payloads.has(record.seq);
  // While the text box holds a bad regex, the last text part that compiled (text and invert)
  // stays applied, but the facets (kind, source, direction, validity) still take effect, so
  // ticked boxes and rows agree.
  let lastGoodText: Pick<FilterSpec, 'text' | 'invert'> = { text: '', invert: false };
  const compiled = computed<{ match: RecordPredicate; error: string | null }>(() => {
    const spec = filter.value;
    const attempt: CompiledFilter = compileFilter(spec, payloadMatch);
    if (attempt.ok) {
      lastGoodText = { text: spec.text, invert: spec.invert };
      return { match: attempt.match, error: null };
    }
    const fallback = compileFilter({ ...spec, ...lastGoodText }, payloadMatch);
    return { match: fallback.ok ? fallback.match : () => true, error: attempt.error };
  });
  const follow = signal<FollowState>(FOLLOWING);
  /** Bumps whenever the shown rows or facets changed; views read it to re-render. */
  const revision = signal(0);
  const index = new FilteredIndex();
  const facets = new FacetCounts();
  const tracker = new RecordChangeTracker();
  let applied: RecordPredicate | undefined;
  /** The text the payload matches are for: they start over only when it changes. */
  let searchedText: string | undefined;
  let renderPending = false;
  let disposed = false;
  /**
   * Rows that passed the filter while detached, not yet in "↓ N new": counted when the list
   * renders. Counting per batch changed `follow` per batch, and the viewport, which reads it,
   * re-rendered per batch past the render schedule (detached cost more than following).
   */
  let unseenSinceRender = 0;
  /**
   * Records above this seq came after the list let go of the bottom (or after the filter last
   * changed): rows the payload search shows for them later are new rows too.
   */
  let newAfterSeq = Infinity;
  const lastSeq = () => source.records.at(-1)?.seq ?? -Infinity;
  const bumpRevision = () => { revision.value = revision.peek() + 1; };
  const countUnseen = () => {
    if (unseenSinceRender > 0) follow.value = nextFollowState(follow.peek(), { type: 'rowsAppended', count: unseenSinceRender });
    unseenSinceRender = 0;
  };
  const renderLater = (scheduler: RenderScheduler) => {
    if (renderPending) return;
    renderPending = true;
    scheduler(() => {
      renderPending = false;
      if (!disposed) batch(() => { countUnseen(); bumpRevision(); });
    });
  };

  const dispose = effect(() => {
    source.version.value;
    const generation = source.generation.value;
    const current = compiled.value;
    const filterChanged = current.match !== applied;
    applied = current.match;
    const match = current.match;
    const changes = tracker.next(source.records, generation);
    facets.apply(source.records, changes);
    // Records renumbered or placed before the searched ones (a reset, a prepend): search again.
    // Not after the cap dropped the oldest: the seqs held still mean the same records.
    if (lastGoodText.text !== searchedText || changes.type === 'reset') {
      searchedText = lastGoodText.text;
      payloads.restart(searchedText);
    } else if (changes.type === 'headDropped') {
      payloads.forgetBefore(source.records[0]?.seq ?? Infinity);
    } else {
      for (const { index: at, previous } of changes.replaced) payloads.replaced(previous, source.records[at] as LogRecord);
    }
    let appended = 0;
    if (filterChanged) index.rebuild(source.records, match);
    else appended = index.apply(source.records, changes, match);
    batch(() => {
      if (filterChanged && follow.peek().mode === 'detached') {
        follow.value = { mode: 'detached', unseen: 0 };
        unseenSinceRender = 0;
        newAfterSeq = lastSeq();
      }
      // Rows appended while following are seen: the list moves to them.
      if (appended > 0 && follow.peek().mode === 'detached') unseenSinceRender += appended;
      // A filter change is the person's own action: shown at once.
      if (filterChanged || !scheduleRender) { countUnseen(); bumpRevision(); }
      else renderLater(scheduleRender);
    });
    payloads.catchUp(lastSeq());
  });

  /**
   * The SW found the text in these payloads: re-test just those rows, or (many found, a broad
   * text over 100k records) re-filter once, since each re-test may move every row after it.
   * Then search what came since.
   */
  function retestFound(seqs: readonly number[]): void {
    if (disposed) return;
    const records = source.records;
    const match = compiled.peek().match;
    // Found rows for records that came while detached were never in view: "↓ N new" counts them.
    const hiddenNew = follow.peek().mode === 'detached' ? seqs.filter((seq) => seq > newAfterSeq && positionOfSeq(seq) < 0) : [];
    batch(() => {
      if (seqs.length > RETEST_AT_MOST) {
        index.rebuild(records, match);
        bumpRevision();
      } else {
        const replaced: Array<{ index: number; previous: LogRecord }> = [];
        for (const seq of seqs) {
          const recordIndex = indexOfSeq(records, seq);
          if (recordIndex >= 0) replaced.push({ index: recordIndex, previous: records[recordIndex] as LogRecord });
        }
        if (replaced.length > 0) {
          index.apply(records, { type: 'changes', appendedFrom: records.length, replaced }, match);
          bumpRevision();
        }
      }
      unseenSinceRender += hiddenNew.filter((seq) => positionOfSeq(seq) >= 0).length;
      countUnseen();
    });
    payloads.catchUp(lastSeq());
  }

  /** List position of the record with `seq`, or -1 when absent or filtered out. */
  function positionOfSeq(seq: number): number {
    const recordIndex = indexOfSeq(source.records, seq);
    return recordIndex < 0 ? -1 : index.positionOf(recordIndex);
  }

  return {
    source,
    filter: filter as ReadonlySignal<FilterSpec>,
    /** The filter's error (a bad regex), shown inline; null when it compiles. */
    filterError: computed(() => compiled.value.error ?? payloads.error.value),
    /** The SW is searching payloads for the filter text: rows may still appear (or go, inverted). */
    payloadSearching: payloads.searching,
    follow: follow as ReadonlySignal<FollowState>,
    revision: revision as ReadonlySignal<number>,
    index,
    facets,
    setFilter(patch: Partial<FilterSpec>): void {
      filter.value = { ...filter.peek(), ...patch };
      saveFilterSpec(storage, filter.peek());
    },
    dispatchFollow(event: FollowEvent): void {
      const previous = follow.peek();
      const next = nextFollowState(previous, event);
      // Back at the bottom: what arrived meanwhile is in view, not new.
      if (next.mode === 'following') unseenSinceRender = 0;
      else if (previous.mode === 'following') newAfterSeq = lastSeq();
      follow.value = next;
    },
    positionOfSeq,
    /**
     * Where the record with `seq` sits for the navigation keys: its list position; n − 0.5 when
     * the filter hides it between rows n − 1 and n; -1 when not held. Without the half position
     * an arrow key from a hidden selection jumped to the first or last row.
     */
    placeOfSeq(seq: number): number {
      const recordIndex = indexOfSeq(source.records, seq);
      if (recordIndex < 0) return -1;
      const position = index.positionOf(recordIndex);
      return position >= 0 ? position : index.positionAtOrAfter(recordIndex) - 0.5;
    },
    /** The record shown at list position `position`. */
    recordAt(position: number): LogRecord | undefined {
      const recordIndex = index.at(position);
      return recordIndex === undefined ? undefined : source.records[recordIndex];
    },
    dispose(): void {
      disposed = true;
      dispose();
    },
  };
}

export type EventLogModel = ReturnType<typeof createEventLogModel>;
