import { describe, expect, it } from 'vitest';
import { INTERNED_FIELDS, StringInterner, compactRecord } from '../../../src/panel/store/compact-record';
import { KEY, overThePort } from './port-records';

describe('compactRecord', () => {
  it('leaves every record equal to what arrived, field by field and in key order', () => {
    const interner = new StringInterner();
    const records = overThePort(50);
    const originals = structuredClone(records);
    for (const r of records) expect(compactRecord(r, interner)).toBe(r);
    expect(records).toStrictEqual(originals);
    records.forEach((r, i) => expect(Object.keys(r)).toEqual(Object.keys(originals[i]!)));
  });

  it('holds each repeating value once and nothing from the unique fields', () => {
    const interner = new StringInterner();
    for (const r of overThePort(300)) compactRecord(r, interner);
    for (const value of [KEY, 'v1-events', 'in', 'ok', 'text', 'event', 'observation', 'ObservationEvent', 'TerminalObservation', 'environment', 'execution_status']) {
      expect(interner.has(value), value).toBe(true);
    }
    expect(interner.size).toBe(11);
    expect(INTERNED_FIELDS).not.toContain('summary');
    expect(INTERNED_FIELDS).not.toContain('eventId');
  });

  it('stays bounded under unique values and keeps interning after it starts over', () => {
    const interner = new StringInterner(100, 20);
    for (let i = 0; i < 1_000; i += 1) expect(interner.intern(`kind-${i}`)).toBe(`kind-${i}`);
    expect(interner.size).toBeLessThanOrEqual(100);
    expect(interner.has('kind-999')).toBe(true);
    expect(interner.intern('x'.repeat(21))).toBe('x'.repeat(21));
    expect(interner.has('x'.repeat(21))).toBe(false);
  });
});
