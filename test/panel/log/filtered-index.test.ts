import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../../src/shared/record';
import { createEventLogModel } from '../../../src/panel/log/event-log-model';
import { compileFilter } from '../../../src/panel/log/record-filter';
import { EMPTY_FILTER, type FilterSpec } from '../../../src/panel/log/filter-spec';
import { FilteredIndex } from '../../../src/panel/log/filtered-index';
import { RecordChangeTracker } from '../../../src/panel/log/record-changes';
import { FakeRecordSource, makeRecord } from './fake-record-source';

/** Deterministic PRNG (mulberry32) so a failure replays. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS = ['ActionEvent', 'ObservationEvent', 'MessageEvent', undefined] as const;
const NESTED = ['TerminalAction', 'FileEditorAction', undefined] as const;
const SOURCES = ['agent', 'user', 'environment', undefined] as const;
const DIRECTIONS = ['in', 'out', 'meta'] as const;
const VALIDITIES = ['ok', 'invalid', 'not-json'] as const;
const WORDS = ['ls', 'cat', 'error', 'Hello', 'done'];

function randomRecord(next: () => number, seq: number): LogRecord {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  return makeRecord({
    seq, kind: pick(KINDS), nestedKind: pick(NESTED), source: pick(SOURCES), direction: pick(DIRECTIONS),
    validity: pick(VALIDITIES), summary: `${pick(WORDS)} ${pick(WORDS)}`,
  });
}

const FILTERS: Array<Partial<FilterSpec>> = [
  {},
  { kinds: ['ActionEvent', 'TerminalAction'] },
  { sources: ['agent'], directions: ['in', 'meta'] },
  { text: '/^(ls|cat)\\b/i', validities: ['ok'] },
  { text: 'error', invert: true },
];

function expectIndexEqualsFullFilter(source: FakeRecordSource, model: ReturnType<typeof createEventLogModel>, spec: FilterSpec) {
  const compiled = compileFilter(spec);
  if (!compiled.ok) throw new Error(compiled.error);
  const expected = source.records.flatMap((r, i) => (compiled.match(r) ? [i] : []));
  const actual = Array.from({ length: model.index.length }, (_, p) => model.index.at(p));
  expect(actual).toEqual(expected);
}

describe('incremental filtered index', () => {
  it.each([1, 2, 3])('equals a full filter after many random appends, updates, drops and filter changes (seed %i)', (seed) => {
    const next = rng(seed);
    const source = new FakeRecordSource();
    const model = createEventLogModel(source);
    let seq = 1;
    let spec: FilterSpec = { ...EMPTY_FILTER };
    for (let step = 0; step < 300; step++) {
      const roll = next();
      if (roll < 0.6) {
        const batch = Array.from({ length: 1 + Math.floor(next() * 40) }, () => randomRecord(next, seq++));
        source.append(...batch);
      } else if (roll < 0.85 && source.records.length > 0) {
        const victim = source.records[Math.floor(next() * source.records.length)] as LogRecord;
        source.update(randomRecord(next, victim.seq));
      } else if (roll < 0.92 && source.records.length > 10) {
        source.dropOldest(Math.floor(next() * 10));
      } else {
        spec = { ...EMPTY_FILTER, ...FILTERS[Math.floor(next() * FILTERS.length)] };
        model.setFilter(spec);
      }
      expectIndexEqualsFullFilter(source, model, spec);
    }
    model.dispose();
  });

  it('an append only tests the new records (never a full re-filter per batch)', () => {
    const source = new FakeRecordSource();
    for (let i = 0; i < 1000; i++) source.records.push(makeRecord());
    const index = new FilteredIndex();
    const tracker = new RecordChangeTracker();
    let tested = 0;
    const match = (r: LogRecord) => { tested++; return r.seq % 2 === 0; };
    index.apply(source.records, tracker.next(source.records, 0), match);
    expect(tested).toBe(1000);
    tested = 0;
    source.records.push(makeRecord(), makeRecord(), makeRecord());
    index.apply(source.records, tracker.next(source.records, 0), match);
    expect(tested).toBe(3);
    tested = 0;
    const i = 500;
    source.records[i] = { ...(source.records[i] as LogRecord), summary: 'changed' };
    index.apply(source.records, tracker.next(source.records, 0), match);
    expect(tested).toBe(1);
  });

  it('an update that makes a record pass or fail moves just that row', () => {
    const source = new FakeRecordSource();
    const model = createEventLogModel(source);
    const [a, b, c] = [makeRecord({ summary: 'x' }), makeRecord({ summary: 'keep' }), makeRecord({ summary: 'x' })];
    source.append(a, b, c);
    model.setFilter({ text: 'keep' });
    expect(model.index.length).toBe(1);
    source.update({ ...a, summary: 'keep me too' });
    expect(model.positionOfSeq(a.seq)).toBe(0);
    expect(model.positionOfSeq(b.seq)).toBe(1);
    source.update({ ...b, summary: 'gone' });
    expect(model.positionOfSeq(b.seq)).toBe(-1);
    expect(model.index.length).toBe(1);
    model.dispose();
  });

  it('a bad regex keeps the last good filter applied and reports the error', () => {
    const source = new FakeRecordSource();
    const model = createEventLogModel(source);
    source.append(makeRecord({ summary: 'alpha' }), makeRecord({ summary: 'beta' }));
    model.setFilter({ text: 'alpha' });
    expect(model.index.length).toBe(1);
    model.setFilter({ text: '/alpha(/' });
    expect(model.filterError.value).toMatch(/Invalid regular expression/);
    expect(model.index.length).toBe(1);
    source.append(makeRecord({ summary: 'alpha again' }));
    expect(model.index.length).toBe(2);
    model.setFilter({ text: '/^beta$/' });
    expect(model.filterError.value).toBeNull();
    expect(model.index.length).toBe(1);
    model.dispose();
  });

  it('facets count kinds, nested kinds and sources incrementally, across updates and resets', () => {
    const source = new FakeRecordSource();
    const model = createEventLogModel(source);
    const a = makeRecord({ kind: 'ActionEvent', nestedKind: 'TerminalAction', source: 'agent' });
    source.append(a, makeRecord({ kind: 'ActionEvent', source: 'agent' }), makeRecord({ kind: 'MessageEvent', source: 'user' }));
    expect(model.facets.kindEntries()).toEqual([{ value: 'ActionEvent', count: 2 }, { value: 'MessageEvent', count: 1 }]);
    expect(model.facets.nestedKindEntries()).toEqual([{ value: 'TerminalAction', count: 1 }]);
    source.update({ ...a, kind: 'MessageEvent', nestedKind: undefined });
    expect(model.facets.kindEntries()).toEqual([{ value: 'ActionEvent', count: 1 }, { value: 'MessageEvent', count: 2 }]);
    expect(model.facets.nestedKindEntries()).toEqual([]);
    source.dropOldest(2);
    expect(model.facets.sourceEntries()).toEqual([{ value: 'user', count: 1 }]);
    model.dispose();
  });

  it('remembers the filter through the storage seam', () => {
    const map = new Map<string, string>();
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
    const first = createEventLogModel(new FakeRecordSource(), storage);
    first.setFilter({ directions: ['out'], text: '/x/' });
    first.dispose();
    const second = createEventLogModel(new FakeRecordSource(), storage);
    expect(second.filter.value.directions).toEqual(['out']);
    expect(second.filter.value.text).toBe('/x/');
    second.dispose();
  });
});

describe('a regex whose backtracking grows polynomially', () => {
  it('is refused in the filter bar with the reason, as the SW refuses it, and /.*X/ runs as /X/', () => {
    const source = new FakeRecordSource();
    const model = createEventLogModel(source);
    source.append(makeRecord({ seq: 1, summary: 'npm ERR! error: connect timeout' }), makeRecord({ seq: 2, summary: 'npm ERR! error code 42' }));
    const shownSeqs = () => Array.from({ length: model.index.length }, (_, p) => model.recordAt(p)?.seq);
    model.setFilter({ text: '/.*error.*timeout/' });
    expect(model.filterError.value).toBeNull();
    expect(shownSeqs()).toEqual([1]);
    // Before: run over every 4 KB preview here, and over every payload in the SW.
    model.setFilter({ text: '/error.*code.*timeout/' });
    expect(model.filterError.value).toMatch(/not run: \.\*code\.\* has two unbounded wildcards/);
    expect(shownSeqs()).toEqual([1]); // the last good text stays applied
    model.dispose();
  });
});

describe('a bad regex in the text box', () => {
  it('keeps the last good text applied while facet changes still take effect', () => {
    const source = new FakeRecordSource();
    const model = createEventLogModel(source);
    source.append(
      makeRecord({ seq: 1, kind: 'ActionEvent', summary: 'ls -la' }),
      makeRecord({ seq: 2, kind: 'ObservationEvent', summary: 'ls output' }),
      makeRecord({ seq: 3, kind: 'ActionEvent', summary: 'cat file' }),
    );
    const shownSeqs = () => Array.from({ length: model.index.length }, (_, p) => model.recordAt(p)?.seq);
    model.setFilter({ text: 'ls' });
    expect(shownSeqs()).toEqual([1, 2]);
    model.setFilter({ text: '/ls(/' });
    expect(model.filterError.value).toMatch(/regular expression/i);
    expect(shownSeqs()).toEqual([1, 2]);
    model.setFilter({ kinds: ['ActionEvent'] });
    expect(shownSeqs()).toEqual([1]);
    model.setFilter({ text: '/^cat/' });
    expect(model.filterError.value).toBeNull();
    expect(shownSeqs()).toEqual([3]);
    model.dispose();
  });
});
