/**
 * The timeline's lists in blocks of consecutive entries that keep their identity from one
 * render to the next. The story only drops its oldest entries and appends new ones, so every
 * block but the first and the last comes back as the same array, and a pure block component
 * skips it whole. Diffing all 500 entries of a full story one by one (each skipped by its own
 * shouldComponentUpdate) cost about 1 ms of every log redraw at 1,000 records/s.
 */
import type { LogRecord } from '../../../shared/record';

/** @default 50 entries per block */
export const TIMELINE_BLOCK_SIZE = 50;

export interface TimelineBlock {
  /** Stable while the block lives, whatever it gains or loses: the key of its fragment. */
  readonly id: number;
  readonly records: readonly LogRecord[];
}

/**
 * Splits `records` (oldest first) into blocks, reusing `previous` blocks that are still there
 * unchanged. A block the cap trimmed at its start, or that gained entries at its end, keeps its
 * id with a new array; anything else (older entries placed first, a replaced entry) starts over
 * from the first block that differs.
 */
export function splitIntoBlocks(records: readonly LogRecord[], previous: readonly TimelineBlock[], nextId: () => number, size = TIMELINE_BLOCK_SIZE): TimelineBlock[] {
  const blocks: TimelineBlock[] = [];
  let at = 0;
  const first = records[0];
  const start = first === undefined ? -1 : previous.findIndex((b) => b.records.includes(first));
  for (let i = Math.max(0, start); start >= 0 && i < previous.length && at < records.length; i += 1) {
    const block = previous[i] as TimelineBlock;
    // Only the first block can have lost entries (its oldest, to the cap).
    const skip = i === start ? block.records.indexOf(first as LogRecord) : 0;
    let same = 0;
    while (skip + same < block.records.length && block.records[skip + same] === records[at + same]) same += 1;
    if (same === 0) break;
    blocks.push(skip === 0 && same === block.records.length ? block : { id: block.id, records: block.records.slice(skip, skip + same) });
    at += same;
    if (skip + same < block.records.length) break;
  }
  // New entries fill the last block up to `size`, then open new blocks.
  const last = blocks[blocks.length - 1];
  if (last && last.records.length < size && at < records.length) {
    const room = size - last.records.length;
    blocks[blocks.length - 1] = { id: last.id, records: [...last.records, ...records.slice(at, at + room)] };
    at += room;
  }
  for (; at < records.length; at += size) blocks.push({ id: nextId(), records: records.slice(at, at + size) });
  return blocks;
}
