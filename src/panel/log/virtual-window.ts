/**
 * Virtual-scroll arithmetic for fixed-height rows: which rows a viewport shows, and where to
 * scroll so a row is visible. Pure numbers, so it is tested without a layout engine.
 */

export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  rowCount: number;
  /** Extra rows rendered above and below the viewport so fast scrolling shows no gaps. */
  overscan: number;
}

export interface RowWindow {
  /** First rendered row (inclusive). */
  start: number;
  /** Last rendered row (exclusive). */
  end: number;
  /** Pixels above the first rendered row. */
  offsetTop: number;
  /** Height of all rows together. */
  totalHeight: number;
}

export function computeWindow({ scrollTop, viewportHeight, rowHeight, rowCount, overscan }: WindowInput): RowWindow {
  const totalHeight = rowCount * rowHeight;
  const maxScroll = Math.max(0, totalHeight - viewportHeight);
  const top = Math.min(Math.max(0, scrollTop), maxScroll);
  const firstVisible = Math.floor(top / rowHeight);
  const visibleCount = Math.ceil(viewportHeight / rowHeight) + 1;
  const start = Math.max(0, firstVisible - overscan);
  const end = Math.min(rowCount, firstVisible + visibleCount + overscan);
  return { start, end: Math.max(start, end), offsetTop: start * rowHeight, totalHeight };
}

/** The scrollTop that brings `row` fully into view with the least movement (unchanged if it is). */
export function scrollTopToReveal(row: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const rowTop = row * rowHeight;
  const rowBottom = rowTop + rowHeight;
  if (rowTop < scrollTop) return rowTop;
  if (rowBottom > scrollTop + viewportHeight) return Math.max(0, rowBottom - viewportHeight);
  return scrollTop;
}

/** How many whole rows fit in the viewport (a PageUp/PageDown step); at least 1. */
export function rowsPerPage(viewportHeight: number, rowHeight: number): number {
  return Math.max(1, Math.floor(viewportHeight / rowHeight) - 1);
}

/**
 * The selection after a navigation key, or undefined for keys the list does not handle.
 * `current`: the selected row's position, -1 for none, or n − 0.5 for a selection the filter
 * hides between rows n − 1 and n (see `placeOfSeq`): keys go to its neighbours from there.
 */
export function nextRowForKey(key: string, current: number, rowCount: number, pageRows: number): number | undefined {
  if (rowCount === 0) return undefined;
  const last = rowCount - 1;
  const clamp = (n: number) => Math.min(last, Math.max(0, n));
  switch (key) {
    case 'ArrowDown': return current === -1 ? 0 : clamp(Math.floor(current) + 1);
    case 'ArrowUp': return current === -1 ? last : clamp(Math.ceil(current) - 1);
    case 'PageDown': return clamp(Math.floor(current) + pageRows);
    case 'PageUp': return clamp(Math.ceil(current) - pageRows);
    case 'Home': return 0;
    case 'End': return last;
    default: return undefined;
  }
}
