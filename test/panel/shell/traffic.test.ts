import { describe, expect, it } from 'vitest';
import { elapsedText, recentRate } from '../../../src/panel/components/status/traffic';
import type { LogRecord } from '../../../src/shared/record';

const at = (...times: number[]) => times.map((receivedAt, i) => ({ seq: i + 1, receivedAt }) as LogRecord);

describe('status bar traffic figures', () => {
  it('rate counts only the last window, and decays to 0 when traffic stops', () => {
    const records = at(0, 1_000, 96_000, 97_000, 99_000, 100_000);
    expect(recentRate(records, 100_000)).toBeCloseTo(4 / 5);
    expect(recentRate(records, 200_000)).toBe(0);
    expect(recentRate([], 0)).toBe(0);
  });

  it('elapsed spans the first to the last record', () => {
    expect(elapsedText([])).toBe('0 s');
    expect(elapsedText(at(0, 42_000))).toBe('42 s');
    expect(elapsedText(at(0, 123_000))).toBe('2:03');
    expect(elapsedText(at(0, 3_723_000))).toBe('1:02:03');
  });
});
