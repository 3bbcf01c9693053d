import { describe, expect, it } from 'vitest';
import { INTERNED_FIELDS, RAW_SHARED_FIELDS, StringInterner, compactRecord, shareWithRaw } from '../../src/shared/compact-record';
import { KEY, overThePort } from '../panel/store/port-records';

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

  it('shares only text found verbatim in a text raw, and never the event id the merge index keeps', () => {
    const [found, escaped, binary] = overThePort(3);
    const notInRaw = { ...escaped!, actionId: 'ac-99999999-7d1b-4e8a-b5c4-0a1b2c3d4e5f' };
    expect(shareWithRaw({ ...found!, toolCallId: 'ev-00000001-4f1c-9a7e-3b2d5c6e7f80' })).toMatchObject({ actionId: found!.actionId, toolCallId: found!.eventId });
    expect(shareWithRaw(notInRaw).actionId).toBe('ac-99999999-7d1b-4e8a-b5c4-0a1b2c3d4e5f');
    const bytes = { ...binary!, rawEncoding: 'base64' as const, raw: btoa(binary!.raw) };
    expect(shareWithRaw(bytes)).toStrictEqual({ ...binary!, rawEncoding: 'base64', raw: btoa(binary!.raw) });
    expect(RAW_SHARED_FIELDS).not.toContain('eventId');
  });
});
