/**
 * Keys for the rows the virtual window renders. A row that stays in the window keeps its key,
 * so its element and content stay as they are; the keys of the rows that left go, in their
 * document order, to the rows that came in, so their elements are reused for the new rows.
 *
 * Keyed by position modulo the window's length instead, a jump past the whole window (every
 * redraw while following 1,000 records/s, every wheel step through a long history) rotated the
 * keys, and preact moved up to every row's element to its new place, each move restyling and
 * rebuilding that row's layout objects. Now such a jump rewrites every row in place, in the
 * same element order, and a scroll by a few rows moves only the rows that came in.
 */

export interface RowKeys {
  /** Position of the first key's row. */
  readonly start: number;
  /** One key per row from `start`, in document order. */
  readonly keys: readonly number[];
}

export const NO_ROW_KEYS: RowKeys = { start: 0, keys: [] };

/** Keys for the rows `start` to `end` (exclusive); `newKey` for rows beyond the keys freed. */
export function nextRowKeys(previous: RowKeys, start: number, end: number, newKey: () => number): RowKeys {
  const previousEnd = previous.start + previous.keys.length;
  const freed = previous.keys.filter((_, i) => previous.start + i < start || previous.start + i >= end);
  let nextFreed = 0;
  const keys: number[] = [];
  for (let position = start; position < end; position += 1) {
    if (position >= previous.start && position < previousEnd) keys.push(previous.keys[position - previous.start] as number);
    else keys.push(nextFreed < freed.length ? (freed[nextFreed++] as number) : newKey());
  }
  return { start, keys };
}
