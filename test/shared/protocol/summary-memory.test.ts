// A record keeps its summary for as long as it lives: the summary must not keep alive the
// (possibly huge) text it was cut from. Shown on the heap snapshot, not by sizes.
import { describe, expect, it } from 'vitest';
import { cleanLine } from '../../../src/shared/protocol/summarize';
import { seqStringsStartingWith } from '../../heap-strings';

describe('summary lines', () => {
  it('hold only their own characters, not the text they were cut from', async () => {
    const marker = 'QZXQZXQZX';
    const kept: string[] = [];
    for (let i = 0; i < 20; i += 1) {
      // One long word (nothing to collapse) and one long spaced text (collapsed, then cut).
      kept.push(cleanLine(`${marker}${i}${'x'.repeat(50_000)}`));
      kept.push(cleanLine(`${marker}${i} ${'word '.repeat(10_000)}`));
    }
    expect(kept.every((line) => line.length <= 160)).toBe(true);
    // Their sources are gone: only strings of summary length remain with the marker.
    const long = await seqStringsStartingWith(`${marker}0${'x'.repeat(300)}`);
    const spaced = await seqStringsStartingWith(`${marker}0 ${'word '.repeat(100)}`);
    expect({ long, spaced }).toEqual({ long: 0, spaced: 0 });
  });
});
