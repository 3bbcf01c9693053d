/**
 * The virtualized body of the event list: a scroll box whose spacer is as tall as every shown
 * row, holding only the rows in view plus overscan. It follows new rows while at the bottom
 * (FollowState), and moves the selection with ↑/↓/PageUp/PageDown/Home/End.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { EventLogModel } from '../../log/event-log-model';
import { computeWindow, nextRowForKey, rowsPerPage, scrollTopToReveal } from '../../log/virtual-window';
import { isAtBottom } from '../../log/follow-state';
import { nextRowKeys, NO_ROW_KEYS, type RowKeys } from '../../log/row-keys';
import { LogRow, rowElementId } from './LogRow';
import { LogHeader } from './LogHeader';

/** Row height in px; `.log-row` in panel.css uses the same number. */
export const ROW_HEIGHT = 20;
export const OVERSCAN_ROWS = 10;
/**
 * Overscan while following the bottom: nothing is below, and the rows above are replaced by
 * the next batch before anyone scrolls to them. At 1,000 records/s every frame renders the
 * whole window, so these rows were a third of the panel's layout and paint for nothing.
 */
export const FOLLOWING_OVERSCAN_ROWS = 2;
/** Used until the viewport has been measured (and where there is no layout, as in happy-dom). */
export const FALLBACK_VIEWPORT_PX = 400;

export interface LogViewportProps {
  model: EventLogModel;
  selectedSeq: number | null;
  cursorSeq: number | null;
  onSelect(seq: number): void;
}

function useViewportHeight(ref: { current: HTMLElement | null }): number {
  const [height, setHeight] = useState(FALLBACK_VIEWPORT_PX);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setHeight(el.clientHeight > 0 ? el.clientHeight : FALLBACK_VIEWPORT_PX);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return height;
}

export function LogViewport({ model, selectedSeq, cursorSeq, onSelect }: LogViewportProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const headerRef = useRef<HTMLDivElement>(null);
  /** Where following wants the box: the bottom of the last commit (written in the next frame). */
  const followTarget = useRef<number | null>(null);
  /** The box's scrollTop after our last write: our own scroll events land at or after it. */
  const lastAutoScrollTop = useRef<number | null>(null);
  const followFrame = useRef<number | null>(null);
  /** The keys of the rows last rendered, and the next key never used. */
  const rowKeys = useRef<RowKeys>(NO_ROW_KEYS);
  const nextRowKey = useRef(0);
  const [scrollTop, setScrollTop] = useState(0);
  const viewportHeight = useViewportHeight(scrollRef);
  model.revision.value; // re-render on every change of the shown rows
  const follow = model.follow.value;
  const rowCount = model.index.length;
  const bottomTop = Math.max(0, rowCount * ROW_HEIGHT - viewportHeight);
  // Following: render the bottom window straight away (one render per batch, not two).
  const shownTop = follow.mode === 'following' ? bottomTop : scrollTop;
  const win = computeWindow({ scrollTop: shownTop, viewportHeight, rowHeight: ROW_HEIGHT, rowCount,
    overscan: follow.mode === 'following' ? FOLLOWING_OVERSCAN_ROWS : OVERSCAN_ROWS });

  // Following: move the scroll box to what was rendered, once per animation frame. Reading or
  // writing scrollTop here, in the commit, would force a layout per batch (and the components
  // rendered after this one dirty it again); in the frame callback the browser lays out anyway.
  useLayoutEffect(() => {
    followTarget.current = follow.mode === 'following' ? bottomTop : null;
    if (followTarget.current === null || followFrame.current !== null) return;
    followFrame.current = requestAnimationFrame(() => {
      followFrame.current = null;
      const el = scrollRef.current;
      const target = followTarget.current;
      // The person may have scrolled away since (their scroll event comes before this callback).
      if (!el || target === null || model.follow.peek().mode !== 'following') return;
      if (el.scrollTop !== target) el.scrollTop = target;
      lastAutoScrollTop.current = el.scrollTop;
    });
  });
  useEffect(() => () => { if (followFrame.current !== null) cancelAnimationFrame(followFrame.current); }, []);

  const scrollByPerson = (top: number) => {
    const el = scrollRef.current;
    if (el && el.scrollTop !== top) el.scrollTop = top;
    setScrollTop(top);
    lastAutoScrollTop.current = null;
    model.dispatchFollow({ type: 'scrolled', atBottom: isAtBottom({ scrollTop: top, viewportHeight, contentHeight: win.totalHeight, lastAutoScrollTop: null }) });
  };

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    // A log narrower than its rows scrolls sideways; the header sits outside the scroll box and follows.
    if (headerRef.current && headerRef.current.scrollLeft !== el.scrollLeft) headerRef.current.scrollLeft = el.scrollLeft;
    const top = el.scrollTop;
    const atBottom = isAtBottom({ scrollTop: top, viewportHeight, contentHeight: win.totalHeight, lastAutoScrollTop: lastAutoScrollTop.current });
    if (!atBottom) lastAutoScrollTop.current = null;
    // Our own scroll while following renders nothing new; skip the extra render.
    if (!atBottom || model.follow.peek().mode !== 'following') setScrollTop(top);
    model.dispatchFollow({ type: 'scrolled', atBottom });
  };

  // Selection moved by keys: select only; the reveal effect below brings the row into view.
  const onKeyDown = (e: KeyboardEvent) => {
    const current = selectedSeq === null ? -1 : model.placeOfSeq(selectedSeq);
    const next = nextRowForKey(e.key, current, rowCount, rowsPerPage(viewportHeight, ROW_HEIGHT));
    if (next === undefined) return;
    e.preventDefault();
    const record = model.recordAt(next);
    if (record) onSelect(record.seq);
    // Already selected (Home on the first row): the reveal effect does not run again, yet the
    // person may have scrolled it out of view since.
    if (record?.seq === selectedSeq) reveal(selectedSeq);
    if (next === rowCount - 1) model.dispatchFollow({ type: 'jumpToBottom' });
  };

  // Rows added or dropped above what a person reads (older history prepended, the cap dropping
  // the oldest) move everything below; the same rows stay in view instead of jumping by that many.
  const anchor = useRef<{ seq: number; offsetPx: number; generation: number } | null>(null);
  useLayoutEffect(() => {
    const generation = model.source.generation.peek();
    const previous = anchor.current;
    if (follow.mode !== 'detached') { anchor.current = null; return; }
    if (previous !== null && previous.generation !== generation) {
      const position = model.positionOfSeq(previous.seq);
      const top = position < 0 ? scrollTop : Math.max(0, position * ROW_HEIGHT - previous.offsetPx);
      if (top !== scrollTop) { anchor.current = null; scrollByPerson(top); return; }
    }
    const first = Math.floor(scrollTop / ROW_HEIGHT);
    const record = model.recordAt(first);
    anchor.current = record ? { seq: record.seq, offsetPx: first * ROW_HEIGHT - scrollTop, generation } : null;
  });

  // While following, the box is (or is about to be, next frame) where the follow effect put it.
  const reveal = (seq: number | null) => {
    const el = scrollRef.current;
    const position = seq === null ? -1 : model.positionOfSeq(seq);
    if (!el || position < 0) return;
    const current = followTarget.current ?? el.scrollTop;
    const top = scrollTopToReveal(position, current, viewportHeight, ROW_HEIGHT);
    if (top !== current) scrollByPerson(top);
  };
  // A selection or time-travel position set from anywhere (keys, detail links, replay) is shown.
  useLayoutEffect(() => reveal(selectedSeq), [selectedSeq]);
  useLayoutEffect(() => reveal(cursorSeq), [cursorSeq]);
  // After a filter change, a person reading older rows keeps the selected one in view.
  const filter = model.filter.value;
  useLayoutEffect(() => {
    if (model.follow.peek().mode === 'detached') reveal(selectedSeq);
  }, [filter]);

  // Rows are keyed by slot, not by record: a row that scrolls out gives its element to the row
  // that scrolls in, so following a stream rewrites text in place instead of creating, styling
  // and laying out new elements every frame, and a jump past the whole window moves none of
  // them (row-keys.ts).
  rowKeys.current = nextRowKeys(rowKeys.current, win.start, win.end, () => nextRowKey.current++);
  const { keys } = rowKeys.current;
  const rows = [];
  for (let position = win.start; position < win.end; position++) {
    const record = model.recordAt(position);
    if (!record) continue;
    rows.push(
      <LogRow key={keys[position - win.start]} record={record} ariaRowIndex={position + 2} onSelect={onSelect}
        isSelected={record.seq === selectedSeq} isCursor={record.seq === cursorSeq} />,
    );
  }
  // Only a rendered row can be the active descendant.
  const selectedPosition = selectedSeq === null ? -1 : model.positionOfSeq(selectedSeq);
  const activeRow = selectedSeq !== null && selectedPosition >= win.start && selectedPosition < win.end ? rowElementId(selectedSeq) : undefined;

  return (
    <div class="log-grid" role="grid" aria-label="Events" aria-rowcount={rowCount + 1} tabIndex={0}
      aria-activedescendant={activeRow} onKeyDown={onKeyDown}>
      <div class="log-header-clip" ref={headerRef}><LogHeader /></div>
      <div class="log-scroll" ref={scrollRef} onScroll={onScroll}>
        <div class="log-spacer" style={{ height: `${win.totalHeight}px` }}>
          <div class="log-window" style={{ transform: `translateY(${win.offsetTop}px)` }}>{rows}</div>
        </div>
        {rowCount === 0 && <p class="log-empty">{model.source.records.length === 0 ? 'No records yet.' : 'No record matches the filter.'}</p>}
      </div>
      {follow.mode === 'detached' && (
        <button type="button" class="log-jump" data-testid="jump-to-latest"
          onClick={() => model.dispatchFollow({ type: 'jumpToBottom' })}>
          {follow.unseen > 0 ? `↓ ${follow.unseen} new` : '↓ latest'}
        </button>
      )}
    </div>
  );
}
