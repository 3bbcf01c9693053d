import { describe, expect, it } from 'vitest';
import { splitIntoBlocks, type TimelineBlock } from '../../../src/panel/components/status/timeline-blocks';
import type { LogRecord } from '../../../src/shared/record';

const records = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ seq: from + i }) as LogRecord);
const seqs = (blocks: TimelineBlock[]) => blocks.map((b) => b.records.map((r) => r.seq));

describe('timeline blocks', () => {
  const ids = () => { let n = 0; return () => n++; };

  it('keeps blocks the cap and new entries did not touch, and their ids when trimmed or grown', () => {
    const nextId = ids();
    const all = records(0, 12);
    const before = splitIntoBlocks(all.slice(0, 10), [], nextId, 4);
    expect(seqs(before)).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    // The cap drops the two oldest, two new ones arrive.
    const after = splitIntoBlocks(all.slice(2, 12), before, nextId, 4);
    expect(seqs(after)).toEqual([[2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]);
    expect(after[1]).toBe(before[1]);
    expect(after.map((b) => b.id)).toEqual(before.map((b) => b.id));
    const more = splitIntoBlocks([...all.slice(2, 12), ...records(12, 13)], after, nextId, 4);
    expect(seqs(more)).toEqual([[2, 3], [4, 5, 6, 7], [8, 9, 10, 11], [12]]);
    expect(more.slice(0, 3)).toEqual(after);
    expect(more[0]).toBe(after[0]);
  });

  it('starts over from the first block that differs: older entries placed first, an entry replaced, everything gone', () => {
    const nextId = ids();
    const all = records(0, 8);
    const before = splitIntoBlocks(all.slice(4), [], nextId, 4);
    const prepended = splitIntoBlocks(all, before, nextId, 4);
    expect(seqs(prepended)).toEqual([[0, 1, 2, 3], [4, 5, 6, 7]]);
    const replaced = [...all.slice(0, 5), { seq: 5 } as LogRecord, ...all.slice(6)];
    const next = splitIntoBlocks(replaced, prepended, nextId, 4);
    expect(seqs(next)).toEqual([[0, 1, 2, 3], [4, 5, 6, 7]]);
    expect(next[0]).toBe(prepended[0]);
    expect(next[1]!.records[1]).toBe(replaced[5]);
    expect(splitIntoBlocks([], next, nextId, 4)).toEqual([]);
  });
});
