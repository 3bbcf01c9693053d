import { describe, expect, it } from 'vitest';
import { parseTextQuery } from '../../../src/shared/text-query';
import { compileFilter } from '../../../src/panel/log/record-filter';
import {
  EMPTY_FILTER, FILTER_STORAGE_KEY, loadFilterSpec, saveFilterSpec, type FilterSpec,
} from '../../../src/panel/log/filter-spec';
import { makeRecord } from './fake-record-source';
import { kindOf, rowSummary } from '../../../src/panel/log/record-labels';

const spec = (patch: Partial<FilterSpec>): FilterSpec => ({ ...EMPTY_FILTER, ...patch });

function matchOrThrow(s: Partial<FilterSpec>) {
  const compiled = compileFilter(spec(s));
  if (!compiled.ok) throw new Error(compiled.error);
  return compiled.match;
}

describe('parseTextQuery', () => {
  it('plain text is a case-insensitive substring', () => {
    const q = parseTextQuery('LS -la');
    expect(q.ok && q.test('run ls -LA now')).toBe(true);
    expect(q.ok && q.test('run ls -l')).toBe(false);
  });

  it('/pattern/flags is a regex and honours its flags', () => {
    const sensitive = parseTextQuery('/^Terminal/');
    const insensitive = parseTextQuery('/^terminal/i');
    expect(sensitive.ok && sensitive.test('TerminalAction')).toBe(true);
    expect(sensitive.ok && sensitive.test('terminalAction')).toBe(false);
    expect(insensitive.ok && insensitive.test('TERMINALaction')).toBe(true);
  });

  it('a g flag does not make repeated tests alternate (lastIndex)', () => {
    const q = parseTextQuery('/a/g');
    if (!q.ok) throw new Error('should parse');
    expect([q.test('a'), q.test('a'), q.test('a')]).toEqual([true, true, true]);
  });

  it('a slash inside the pattern is written as in a JS literal: escaped, or in a class', () => {
    for (const regex of ['/a\\/b/', '/a[/]b/i']) {
      const q = parseTextQuery(regex);
      expect(q.ok && q.test('x A/B y'), regex).toBe(regex.endsWith('i'));
      expect(q.ok && q.test('x a/b y'), regex).toBe(true);
      expect(q.ok && q.test(`x ${regex} y`), regex).toBe(false);
    }
    // Text that starts and ends with a slash is a regex whatever is inside, as in Chrome's filters.
    const ended = parseTextQuery('/src/.*\\.py/');
    expect(ended.ok && ended.test('open src/app.py')).toBe(true);
  });

  it('a text longer than the SW takes for a payload search is refused here, with the reason', () => {
    expect(parseTextQuery('x'.repeat(10_000)).ok).toBe(true);
    // Before: accepted here, refused by the SW's schema, and the search said only "no answer" 15 s later.
    expect(parseTextQuery('x'.repeat(10_001))).toEqual({ ok: false, error: 'Filter text of 10,001 characters: at most 10,000' });
  });

  it('a bad regex or bad flag is an error, not an exception', () => {
    const bad = parseTextQuery('/foo(/');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/Invalid regular expression/);
    expect(parseTextQuery('/x/uv').ok).toBe(false);
    expect(parseTextQuery('//').ok).toBe(false);
  });

  // `/workspace/gym` was the regex "workspace" with flags g, y, m: every record naming the
  // workspace matched, whether it named that file or not.
  it('a path is plain text: what follows the pattern is no set of filter flags', () => {
    for (const path of ['/workspace/src', '/usr/bin', '/x/q', '/x/gg', '/workspace/gym', '/tmp/dy', '/workspace/src/ui', '/a/b/i']) {
      const q = parseTextQuery(path);
      expect(q.ok && q.test(`view ${path.toUpperCase()}/app.py`), path).toBe(true);
      expect(q.ok && q.test('view /workspace/app.py'), path).toBe(false);
    }
  });

  it('plain text with regex characters matches literally', () => {
    const q = parseTextQuery('a.b(c)*');
    expect(q.ok && q.test('x A.B(C)* y')).toBe(true);
    expect(q.ok && q.test('aXb(c)')).toBe(false);
  });

  it('a lone slash is plain text', () => {
    const q = parseTextQuery('/');
    expect(q.ok && q.test('a/b')).toBe(true);
  });
});

describe('compileFilter', () => {
  const terminal = makeRecord({ kind: 'ActionEvent', nestedKind: 'TerminalAction', source: 'agent', summary: 'ls -la', direction: 'in' });
  const observation = makeRecord({ kind: 'ObservationEvent', nestedKind: 'TerminalObservation', source: 'environment', summary: 'total 0' });
  const sent = makeRecord({ kind: 'MessageEvent', source: 'user', direction: 'out', summary: 'hello agent' });
  const broken = makeRecord({ kind: undefined, source: undefined, validity: 'not-json', summary: 'not json', raw: 'garbage' });
  const meta = makeRecord({ kind: undefined, source: undefined, direction: 'meta', category: 'control', summary: 'open → closed',
    meta: { type: 'transition', from: 'open', to: 'backoff', cause: 'close', code: 1006, attempt: 1 } });
  const all = [terminal, observation, sent, broken, meta];
  const pick = (s: Partial<FilterSpec>) => all.filter(matchOrThrow(s)).map((r) => r.seq);

  it('an empty filter passes everything', () => {
    expect(pick({})).toEqual(all.map((r) => r.seq));
  });

  it('kind matches the kind or the nested kind; meta records have connection.* kinds', () => {
    expect(pick({ kinds: ['ActionEvent'] })).toEqual([terminal.seq]);
    expect(pick({ kinds: ['TerminalObservation', 'MessageEvent'] })).toEqual([observation.seq, sent.seq]);
    expect(pick({ kinds: ['connection.transition'] })).toEqual([meta.seq]);
    expect(pick({ kinds: ['(none)'] })).toEqual([broken.seq]);
  });

  it('facets compose: AND between facets, OR within one', () => {
    expect(pick({ sources: ['agent', 'user'] })).toEqual([terminal.seq, sent.seq]);
    expect(pick({ sources: ['agent', 'user'], directions: ['out'] })).toEqual([sent.seq]);
    expect(pick({ validities: ['not-json', 'invalid'] })).toEqual([broken.seq]);
    expect(pick({ directions: ['meta'] })).toEqual([meta.seq]);
  });

  it('text searches summary, kinds, raw and meta details; invert keeps the rest', () => {
    expect(pick({ text: 'terminal' })).toEqual([terminal.seq, observation.seq]);
    expect(pick({ text: 'garbage' })).toEqual([broken.seq]);
    expect(pick({ text: '1006' })).toEqual([meta.seq]);
    expect(pick({ text: '/^(ls|total)/' })).toEqual([terminal.seq, observation.seq]);
    expect(pick({ text: '/^(ls|total)/', invert: true })).toEqual([sent.seq, broken.seq, meta.seq]);
    expect(pick({ text: 'terminal', invert: true, sources: ['user', 'agent'] })).toEqual([sent.seq]);
  });

  it('an anchored regex matches the summary as the row shows it (without the kinds)', () => {
    const decoded = makeRecord({ kind: 'ActionEvent', nestedKind: 'TerminalAction', summary: 'ActionEvent TerminalAction pytest -q' });
    expect(matchOrThrow({ text: '/^pytest/' })(decoded)).toBe(true);
    expect(matchOrThrow({ text: '/^TerminalAction$/' })(decoded)).toBe(true);
  });

  it('invert with empty text filters nothing', () => {
    expect(pick({ invert: true })).toEqual(all.map((r) => r.seq));
  });

  it('a bad regex compiles to an error', () => {
    const compiled = compileFilter(spec({ text: '/[/' }));
    expect(compiled.ok).toBe(false);
  });
});

describe('filter storage', () => {
  const mapStorage = () => {
    const map = new Map<string, string>();
    return { map, getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
  };

  it('round-trips a filter', () => {
    const storage = mapStorage();
    const s = spec({ kinds: ['ActionEvent'], directions: ['out'], text: '/x/i', invert: true });
    saveFilterSpec(storage, s);
    expect(loadFilterSpec(storage)).toEqual(s);
  });

  it('garbage or a wrong shape in storage gives the empty filter', () => {
    const storage = mapStorage();
    storage.map.set(FILTER_STORAGE_KEY, '{not json');
    expect(loadFilterSpec(storage)).toEqual(EMPTY_FILTER);
    storage.map.set(FILTER_STORAGE_KEY, JSON.stringify({ directions: ['sideways'] }));
    expect(loadFilterSpec(storage)).toEqual(EMPTY_FILTER);
    expect(loadFilterSpec(undefined)).toEqual(EMPTY_FILTER);
  });

  it('a storage that throws loses only the memory', () => {
    const throwing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('quota'); } };
    expect(loadFilterSpec(throwing)).toEqual(EMPTY_FILTER);
    expect(() => saveFilterSpec(throwing, EMPTY_FILTER)).not.toThrow();
  });
});

describe('row labels', () => {
  it('the row summary drops the kinds it starts with; a streamed row shows its text', () => {
    expect(rowSummary(makeRecord({ kind: 'ActionEvent', nestedKind: 'TerminalAction', summary: 'ActionEvent TerminalAction pytest -q' }))).toBe('pytest -q');
    expect(rowSummary(makeRecord({ kind: 'MessageEvent', summary: 'MessageEvent user: hi' }))).toBe('user: hi');
    expect(rowSummary(makeRecord({ kind: 'MessageEvent', summary: 'MessageEventual' }))).toBe('MessageEventual');
    expect(rowSummary(makeRecord({ kind: 'MessageEvent', summary: 'x', streamItem: { itemId: 'i', attempt: 1, state: 'streaming', text: 'partial' } }))).toBe('partial');
  });

  it('records without an event kind are named by meta type or frame type', () => {
    expect(kindOf(makeRecord({ kind: undefined, frameType: 'sync' }))).toBe('sync');
    expect(kindOf(makeRecord({ kind: undefined, frameType: 'none', validity: 'not-json' }))).toBe('(none)');
    expect(kindOf(makeRecord({ kind: undefined, direction: 'meta', meta: { type: 'note', message: 'n' } }))).toBe('connection.note');
  });
});
