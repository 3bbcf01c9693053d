/**
 * Issue 5 acceptance: "Filters give exactly the expected rows on a known recording (including
 * regex and invert)". The known recording is the protocol fixtures (every V1 example, client
 * frames, connection facts, broken frames, two session envelopes) written as a native NDJSON
 * recording and read back, so the records are what an import gives. The real EventLog is driven
 * through its filter bar; every expected set is computed here from the records themselves.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { EventLog } from '../../../src/panel/components/log';
import { decodeOutgoing } from '../../../src/shared/protocol/client-frames';
import { decodeFrame } from '../../../src/shared/protocol/decode-frame';
import type { Generation } from '../../../src/shared/protocol/generation';
import type { LogRecord, MetaInfo } from '../../../src/shared/record';
import { readRecording, writeNdjson, type RecordingHeader } from '../../../src/shared/recording/index';
import { CLIENT_FRAMES, SESSION_EXAMPLES, V1_EXAMPLES } from '../../fixtures/protocol/examples';
import { FakeRecordSource } from './fake-record-source';

const SERVER = 'http://127.0.0.1:8000';
const CONVERSATION = '7f3c2a9e-58b4-4c1e-9d0a-3e6b1f2c4d5e';
/** The session key inside CLIENT_FRAMES.auth; the export must not let a filter find it. */
const SECRET = 'sk-oh-secret-123';

const HEADER: RecordingHeader = {
  format: 'conversation-devtools-recording', version: 1, server: SERVER, conversationId: CONVERSATION, protocol: 'v1-events',
  tool: { name: 'conversation-devtools', version: '0.1.0' }, createdAt: '2026-11-25T14:00:00.000Z',
};

/** A session as the SW's log would hold it: decoded frames with seq, time and direction. */
function liveRecords(): LogRecord[] {
  const records: LogRecord[] = [];
  let seq = 1;
  let time = 1_764_000_000_000;
  const push = (partial: Omit<LogRecord, 'seq' | 'conversationKey' | 'receivedAt'>) => {
    time += 7;
    records.push({ ...partial, seq: seq++, conversationKey: `${SERVER}#${CONVERSATION}`, receivedAt: time });
  };
  const meta = (m: MetaInfo, summary: string) => push({
    validity: 'ok', raw: '', rawEncoding: 'text', size: 0, frameType: 'none', category: m.type === 'error' ? 'error' : 'control',
    summary, direction: 'meta', meta: m, protocol: 'v1-events',
  });
  const incoming = (raw: string | Uint8Array, protocol: Generation = 'v1-events') =>
    push({ ...decodeFrame(protocol, raw), direction: 'in', protocol });
  const outgoing = (text: string) =>
    push({ ...decodeOutgoing('v1-events', text), direction: 'out', protocol: 'v1-events', outgoing: { via: 'socket', status: 'sent' } });

  meta({ type: 'transition', from: 'idle', to: 'connecting', cause: 'connect', attempt: 0 }, 'idle → connecting');
  outgoing(CLIENT_FRAMES.auth);
  meta({ type: 'transition', from: 'connecting', to: 'open', cause: 'open', attempt: 0 }, 'connecting → open');
  for (const raw of Object.values(V1_EXAMPLES)) incoming(raw);
  outgoing(CLIENT_FRAMES.messageList);
  incoming('not json {');
  incoming('{"kind":"ActionEvent","id":"x-invalid","timestamp":"t","source":"agent"}');
  incoming('{"kind":"FancyNewEvent","id":"x-unknown","timestamp":"2026-08-22T14:20:00","source":"agent"}');
  incoming(new Uint8Array([0, 1, 2, 250, 255]));
  incoming(SESSION_EXAMPLES.sync, 'v1-session');
  incoming(SESSION_EXAMPLES.durable, 'v1-session');
  meta({ type: 'error', origin: 'connection', message: 'closed 1006' }, 'closed 1006');
  return records;
}

/** Through the real file format: write NDJSON, read it back. */
async function knownRecording(): Promise<LogRecord[]> {
  let text = '';
  for await (const chunk of writeNdjson(HEADER, liveRecords(), { secrets: [SECRET] })) text += chunk;
  const result = await readRecording([text]);
  expect(result.format).toBe('ndjson');
  expect(result.errors).toEqual([]);
  return result.records;
}

// ---- the oracle: expected rows computed from the records, not through the panel's filter code ----

/** The texts the filter box is documented to search: summary, kind, nested kind, source, event id, meta message, raw text. */
function texts(r: LogRecord): string[] {
  const out = [r.summary, r.kind ?? '', r.nestedKind ?? '', r.source ?? '', r.eventId ?? ''];
  if (r.meta && r.meta.type !== 'transition') out.push(r.meta.message);
  if (r.rawEncoding === 'text') out.push(r.raw);
  return out;
}
const seqsWhere = (records: readonly LogRecord[], keep: (r: LogRecord) => boolean) => records.filter(keep).map((r) => r.seq);
const textMatches = (re: RegExp) => (r: LogRecord) => texts(r).some((t) => re.test(t));

// ---- driving the real EventLog ----

const rowsIn = (container: Element) => [...container.querySelectorAll<HTMLElement>('.log-window [data-seq]')];
const seqsIn = (container: Element) => rowsIn(container).map((r) => Number(r.dataset['seq']));
const counts = () => screen.getByTestId('filter-counts').textContent;

let records: LogRecord[] = [];
let heightSpy: MockInstance | undefined;

beforeAll(async () => {
  records = await knownRecording();
  // happy-dom has no layout: give the scroll box a viewport taller than the whole recording, so
  // the virtualized list renders every passing row and the rendered set can be compared exactly.
  heightSpy = vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(4_000);
});
afterAll(() => heightSpy?.mockRestore());
afterEach(cleanup);

function mount() {
  const source = new FakeRecordSource();
  source.append(...records);
  const view = render(<EventLog source={source} selectedSeq={null} onSelect={() => {}} />);
  return view.container;
}

function typeText(value: string) {
  act(() => { fireEvent.input(screen.getByLabelText('Filter text'), { target: { value } }); });
}
function toggleInvert() {
  act(() => { fireEvent.click(screen.getByLabelText('invert')); });
}
function pickFacet(container: Element, facet: 'kind' | 'source', value: string) {
  const box = container.querySelector<HTMLInputElement>(`[data-facet="${facet}"] input[value="${value}"]`);
  if (!box) throw new Error(`no ${facet} option ${value}`);
  act(() => { fireEvent.click(box); });
}
function press(container: Element, attribute: 'direction' | 'validity', value: string) {
  const button = container.querySelector<HTMLElement>(`[data-${attribute}="${value}"][aria-pressed]`);
  if (!button) throw new Error(`no ${attribute} toggle ${value}`);
  act(() => { fireEvent.click(button); });
}

/** The rendered rows are exactly `expected`, in seq order, and the counts say so. */
function expectRows(container: Element, expected: number[]) {
  expect(seqsIn(container)).toEqual([...expected].sort((a, b) => a - b));
  expect(counts()).toBe(`${expected.length} / ${records.length}`);
}
/** A case that would pass by showing everything or nothing proves little. */
function nonTrivial(expected: number[]): number[] {
  expect(expected.length).toBeGreaterThan(0);
  expect(expected.length).toBeLessThan(records.length);
  return expected;
}

describe('filters on a known recording (NDJSON round trip)', () => {
  it('the recording holds every shape the filters tell apart', () => {
    expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
    expect(new Set(records.map((r) => r.direction))).toEqual(new Set(['in', 'out', 'meta']));
    expect(new Set(records.map((r) => r.validity))).toEqual(new Set(['ok', 'invalid', 'not-json', 'unknown-kind', 'binary']));
    expect(new Set(records.map((r) => r.protocol))).toEqual(new Set(['v1-events', 'v1-session']));
  });

  it('without a filter every record is a row', () => {
    const container = mount();
    expectRows(container, records.map((r) => r.seq));
  });

  it('kind facet: kinds, a nested kind, a meta kind and an envelope kind, OR-ed', () => {
    const container = mount();
    pickFacet(container, 'kind', 'ActionEvent');
    const actions = nonTrivial(seqsWhere(records, (r) => r.kind === 'ActionEvent'));
    expectRows(container, actions);
    // The menu's count for the kind agrees with the records.
    const label = container.querySelector('[data-facet="kind"] input[value="ActionEvent"]')?.closest('label');
    expect(label?.querySelector('.facet-count')?.textContent).toBe(String(actions.length));

    pickFacet(container, 'kind', 'TerminalObservation');
    pickFacet(container, 'kind', 'connection.transition');
    pickFacet(container, 'kind', 'sync');
    expectRows(container, nonTrivial(seqsWhere(records, (r) => r.kind === 'ActionEvent' || r.nestedKind === 'TerminalObservation'
      || r.meta?.type === 'transition' || r.frameType === 'sync')));
  });

  it('kind facet: a nested kind alone selects through envelopes too', () => {
    const container = mount();
    pickFacet(container, 'kind', 'TerminalAction');
    const expected = seqsWhere(records, (r) => r.nestedKind === 'TerminalAction');
    expect(expected.length).toBe(2); // the events-socket event and the same event in a durable envelope
    expectRows(container, expected);
  });

  it('source facet: named sources OR-ed, and "(none)" for records without one', () => {
    const container = mount();
    pickFacet(container, 'source', 'user');
    pickFacet(container, 'source', 'hook');
    expectRows(container, nonTrivial(seqsWhere(records, (r) => r.source === 'user' || r.source === 'hook')));
    pickFacet(container, 'source', 'user');
    pickFacet(container, 'source', 'hook');
    expectRows(container, records.map((r) => r.seq));
    pickFacet(container, 'source', '(none)');
    expectRows(container, nonTrivial(seqsWhere(records, (r) => r.source === undefined)));
  });

  it('direction toggles', () => {
    const container = mount();
    press(container, 'direction', 'out');
    expectRows(container, nonTrivial(seqsWhere(records, (r) => r.direction === 'out')));
    press(container, 'direction', 'meta');
    expectRows(container, nonTrivial(seqsWhere(records, (r) => r.direction === 'out' || r.direction === 'meta')));
    press(container, 'direction', 'out');
    press(container, 'direction', 'meta');
    press(container, 'direction', 'in');
    expectRows(container, nonTrivial(seqsWhere(records, (r) => r.direction === 'in')));
  });

  it('validity toggles, one at a time and together', () => {
    const container = mount();
    for (const validity of ['not-json', 'invalid', 'unknown-kind', 'binary'] as const) {
      press(container, 'validity', validity);
      const expected = seqsWhere(records, (r) => r.validity === validity);
      expect(expected.length).toBe(1);
      expectRows(container, expected);
      expect(rowsIn(container)[0]?.dataset['validity']).toBe(validity);
      press(container, 'validity', validity);
    }
    for (const validity of ['not-json', 'invalid', 'unknown-kind', 'binary']) press(container, 'validity', validity);
    expectRows(container, nonTrivial(seqsWhere(records, (r) => r.validity !== 'ok')));
  });

  it('plain text is a case-insensitive substring over the searched fields', () => {
    const container = mount();
    typeText('PYTEST');
    const expected = nonTrivial(seqsWhere(records, textMatches(/pytest/i)));
    expect(expected).toEqual(expect.arrayContaining(seqsWhere(records, (r) => r.nestedKind === 'TerminalAction')));
    expectRows(container, expected);
    // Regex metacharacters in plain text are literal.
    typeText('{…}');
    expectRows(container, nonTrivial(seqsWhere(records, (r) => texts(r).some((t) => t.includes('{…}')))));
  });

  it('the redacted session key finds nothing, in the list or the raw text', () => {
    const container = mount();
    typeText(SECRET);
    expect(seqsWhere(records, textMatches(/sk-oh-secret-123/i))).toEqual([]);
    expectRows(container, []);
    expect(container.querySelector('.log-empty')?.textContent).toBe('No record matches the filter.');
  });

  it('/regex/i: anchored on the kind, and unanchored over summaries and raw text', () => {
    const container = mount();
    typeText('/^(pause|interrupt)event$/i');
    const anchored = seqsWhere(records, (r) => r.kind === 'PauseEvent' || r.kind === 'InterruptEvent');
    expect(anchored.length).toBe(2);
    expectRows(container, anchored);

    typeText('/returns? 20[01]\\b/i');
    expectRows(container, nonTrivial(seqsWhere(records, textMatches(/returns? 20[01]\b/i))));

    // `^` anchors on the summary as the row shows it: after the kind column's kind and nested kind.
    typeText('/^PYTEST/i');
    const shownSummary = (r: LogRecord) => [r.kind, r.nestedKind]
      .reduce<string>((s, k) => (k && s.startsWith(`${k} `) ? s.slice(k.length + 1) : s), r.summary);
    const anchoredOnSummary = nonTrivial(seqsWhere(records, (r) => /^pytest/i.test(shownSummary(r))));
    expect(anchoredOnSummary).toEqual(expect.arrayContaining(seqsWhere(records, (r) => r.nestedKind === 'TerminalAction')));
    expectRows(container, anchoredOnSummary);
    for (const row of rowsIn(container)) expect(row.textContent).toMatch(/pytest/);
  });

  it('the g flag does not make matching stateful (same rows as without it)', () => {
    const container = mount();
    typeText('/pytest|str_replace/i');
    const expected = nonTrivial(seqsWhere(records, textMatches(/pytest|str_replace/i)));
    expectRows(container, expected);
    typeText('/pytest|str_replace/gi');
    expectRows(container, expected);
  });

  it('the same regex inverted shows exactly the complement', () => {
    const container = mount();
    typeText('/returns? 20[01]\\b/i');
    const matched = nonTrivial(seqsWhere(records, textMatches(/returns? 20[01]\b/i)));
    toggleInvert();
    const complement = seqsWhere(records, (r) => !matched.includes(r.seq));
    expect(complement.length + matched.length).toBe(records.length);
    expectRows(container, complement);
    toggleInvert();
    expectRows(container, matched);
  });

  it('composed: kind AND text, and invert applies to the text only', () => {
    const container = mount();
    pickFacet(container, 'kind', 'ActionEvent');
    typeText('/pytest/i');
    expectRows(container, nonTrivial(seqsWhere(records, (r) => r.kind === 'ActionEvent' && textMatches(/pytest/i)(r))));
    toggleInvert();
    const actionsWithoutPytest = nonTrivial(seqsWhere(records, (r) => r.kind === 'ActionEvent' && !textMatches(/pytest/i)(r)));
    expectRows(container, actionsWithoutPytest);
    expect(rowsIn(container).every((row) => row.dataset['kind'] === 'ActionEvent')).toBe(true);
    // A third facet narrows further (AND between facets).
    press(container, 'validity', 'invalid');
    expectRows(container, nonTrivial(seqsWhere(records, (r) => r.kind === 'ActionEvent' && r.validity === 'invalid' && !textMatches(/pytest/i)(r))));
  });

  it('a bad regex shows an inline error, keeps the last good rows, and recovers', () => {
    const container = mount();
    typeText('pytest');
    const pytest = nonTrivial(seqsWhere(records, textMatches(/pytest/i)));
    expectRows(container, pytest);
    expect(screen.queryByRole('alert')).toBeNull();

    typeText('/test_api(/');
    expect(screen.getByRole('alert').textContent).toMatch(/Invalid regular expression/);
    expect(screen.getByLabelText('Filter text').getAttribute('aria-invalid')).toBe('true');
    expectRows(container, pytest);
    // Toggling invert while the regex is bad changes nothing shown and throws nothing.
    toggleInvert();
    expectRows(container, pytest);
    toggleInvert();

    typeText('/test_api\\.py/');
    expect(screen.queryByRole('alert')).toBeNull();
    expectRows(container, nonTrivial(seqsWhere(records, textMatches(/test_api\.py/))));
  });

  it('clear filters brings every row back', () => {
    const container = mount();
    pickFacet(container, 'source', 'agent');
    press(container, 'direction', 'in');
    typeText('/event/i');
    toggleInvert();
    expect(seqsIn(container).length).toBeLessThan(records.length);
    act(() => { fireEvent.click(screen.getByText('clear filters')); });
    expectRows(container, records.map((r) => r.seq));
  });
});
