import { describe, expect, it } from 'vitest';
import { naiveLocal, normaliseToNaiveLocal, TimestampSource } from '../../src/server/time';

describe('naive local timestamps', () => {
  it('keeps naive values as server-local, padding to microseconds', () => {
    expect(normaliseToNaiveLocal('2026-08-22T14:03:11.482913')).toBe('2026-08-22T14:03:11.482913');
    expect(normaliseToNaiveLocal('2026-08-22T14:03:11.5')).toBe('2026-08-22T14:03:11.500000');
    expect(normaliseToNaiveLocal('2026-08-22T14:03')).toBe('2026-08-22T14:03:00.000000');
  });

  it('converts aware values to local time and drops the offset, keeping microseconds', () => {
    const utc = new Date(Date.UTC(2026, 7, 22, 12, 0, 0, 123));
    expect(normaliseToNaiveLocal('2026-08-22T12:00:00.123456Z')).toBe(naiveLocal(utc, 456));
    expect(normaliseToNaiveLocal('2026-08-22T14:00:00.123456+02:00')).toBe(naiveLocal(utc, 456));
  });

  it('rejects unparsable values', () => {
    for (const bad of ['yesterday', '2026-08-22 14:03:11 +02:00', '']) expect(normaliseToNaiveLocal(bad)).toBeNull();
  });

  it('hands out strictly increasing timestamps within one millisecond', () => {
    const source = new TimestampSource(() => 1_700_000_000_000);
    const stamps = Array.from({ length: 1500 }, () => source.next());
    expect(new Set(stamps).size).toBe(1500);
    expect([...stamps].sort()).toEqual(stamps);
  });
});
