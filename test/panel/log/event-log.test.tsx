import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { EventLog, ROW_HEIGHT } from '../../../src/panel/components/log';
import { FALLBACK_VIEWPORT_PX, FOLLOWING_OVERSCAN_ROWS, OVERSCAN_ROWS } from '../../../src/panel/components/log/LogViewport';
import { LogRow } from '../../../src/panel/components/log/LogRow';
import type { LogRecord } from '../../../src/shared/record';
import { FakeRecordSource, makeRecord } from './fake-record-source';
import { renderFollowersPerFrame } from '../../../src/panel/components/per-frame';

afterEach(cleanup);

const rowsIn = (container: Element) => [...container.querySelectorAll<HTMLElement>('.log-window [data-seq]')];
const seqsIn = (container: Element) => rowsIn(container).map((r) => Number(r.dataset['seq']));
const scroller = (container: Element) => container.querySelector('.log-scroll') as HTMLElement;

function scrollTo(container: Element, top: number) {
  const el = scroller(container);
  el.scrollTop = top;
  fireEvent.scroll(el);
}

function mapStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
}

function sourceWith(count: number, make: (i: number) => Partial<LogRecord> = () => ({})): FakeRecordSource {
  const source = new FakeRecordSource();
  const first = 1_000_000;
  for (let i = 0; i < count; i++) source.records.push(makeRecord({ seq: first + i, ...make(i) }));
  source.version.value += 1;
  return source;
}

describe('EventLog virtualization', () => {
  // Built once: these tests only read it.
  let big: FakeRecordSource | undefined;
  const bigSource = () => (big ??= sourceWith(100_000));

  it('renders only a window of rows for 100k records, following the bottom', () => {
    const source = bigSource();
    const { container } = render(<EventLog source={source} selectedSeq={null} onSelect={() => {}} />);
    const seqs = seqsIn(container);
    expect(seqs.length).toBeGreaterThan(10);
    expect(seqs.length).toBeLessThan(60);
    expect(seqs.at(-1)).toBe(source.records.at(-1)?.seq);
    const spacer = container.querySelector('.log-spacer') as HTMLElement;
    expect(spacer.style.height).toBe(`${100_000 * ROW_HEIGHT}px`);
    expect(screen.getByTestId('filter-counts').textContent).toBe('100,000 / 100,000');
  });

  it('scrolling anywhere renders the rows there and nothing else', () => {
    const source = bigSource();
    const { container } = render(<EventLog source={source} selectedSeq={null} onSelect={() => {}} />);
    act(() => scrollTo(container, 50_000 * ROW_HEIGHT));
    const seqs = seqsIn(container);
    expect(seqs).toContain(1_000_000 + 50_000);
    expect(seqs.length).toBeLessThan(60);
    act(() => scrollTo(container, 0));
    expect(seqsIn(container)[0]).toBe(1_000_000);
  });
});

describe('EventLog rows while following a fast stream', () => {
  // happy-dom has no layout: the viewport is FALLBACK_VIEWPORT_PX tall.
  const visibleRows = Math.ceil(FALLBACK_VIEWPORT_PX / ROW_HEIGHT) + 1;

  it('a batch longer than the window rewrites the same row elements instead of making new ones', () => {
    const source = sourceWith(200);
    const { container } = render(<EventLog source={source} selectedSeq={null} onSelect={() => {}} />);
    const before = new Set(rowsIn(container));
    act(() => source.append(...Array.from({ length: 100 }, () => makeRecord())));
    const after = rowsIn(container);
    expect(after.map((r) => Number(r.dataset['seq']))).toEqual(source.records.slice(-after.length).map((r) => r.seq));
    expect(after.every((row) => before.has(row))).toBe(true);
    expect(after.map((r) => r.id)).toEqual(source.records.slice(-after.length).map((r) => `log-row-${r.seq}`));
  });

  it('a jump past the whole window keeps every row element in its place: following a batch, scrolling far', () => {
    const source = sourceWith(2_000);
    const { container } = render(<EventLog source={source} selectedSeq={null} onSelect={() => {}} />);
    const before = rowsIn(container);
    act(() => source.append(...Array.from({ length: 107 }, () => makeRecord())));
    expect(seqsIn(container)).toEqual(source.records.slice(-before.length).map((r) => r.seq));
    expect(rowsIn(container)).toEqual(before);
    // Detached: the full overscan, then wheel-sized steps up.
    act(() => scrollTo(container, 1_000 * ROW_HEIGHT));
    const detached = rowsIn(container);
    for (const top of [925, 850, 777]) {
      act(() => scrollTo(container, top * ROW_HEIGHT));
      expect(seqsIn(container)).toContain(1_000_000 + top);
      expect(rowsIn(container)).toEqual(detached);
    }
  });

  it('keeps only a little overscan above the bottom while following, the full overscan once detached', () => {
    const source = sourceWith(500);
    const { container } = render(<EventLog source={source} selectedSeq={null} onSelect={() => {}} />);
    // The bottom window ends at the last row: the rows that fit, plus the overscan above them.
    expect(rowsIn(container)).toHaveLength(FALLBACK_VIEWPORT_PX / ROW_HEIGHT + FOLLOWING_OVERSCAN_ROWS);
    act(() => scrollTo(container, 250 * ROW_HEIGHT));
    expect(rowsIn(container)).toHaveLength(visibleRows + 2 * OVERSCAN_ROWS);
  });
});

describe('EventLog rows', () => {
  it('carry data-* hooks, direction glyphs, kinds with nested kind, badges and size', () => {
    const source = new FakeRecordSource();
    source.append(
      makeRecord({ seq: 1, eventId: 'evt-1', kind: 'ActionEvent', nestedKind: 'TerminalAction', category: 'action', size: 2048, summary: 'ls -la' }),
      makeRecord({ seq: 2, eventId: undefined, kind: undefined, validity: 'not-json', direction: 'in', raw: 'oops', summary: 'not JSON' }),
      makeRecord({ seq: 3, direction: 'out', kind: 'MessageEvent', outgoing: { via: 'socket', status: 'pending' } }),
      makeRecord({ seq: 4, direction: 'meta', kind: undefined, category: 'control', summary: 'open → backoff (1006)',
        meta: { type: 'transition', from: 'open', to: 'backoff', cause: 'close', code: 1006, attempt: 1 } }),
    );
    const { container } = render(<EventLog source={source} selectedSeq={1} onSelect={() => {}} />);
    const [action, broken, sent, meta] = rowsIn(container) as [HTMLElement, HTMLElement, HTMLElement, HTMLElement];
    expect(action.dataset).toMatchObject({ seq: '1', eventId: 'evt-1', kind: 'ActionEvent', direction: 'in', validity: 'ok' });
    expect(action.className).toContain('cat-action');
    expect(action.getAttribute('aria-selected')).toBe('true');
    expect(action.textContent).toContain('ActionEvent › TerminalAction');
    expect(action.textContent).toContain('2.0 KB');
    expect(action.querySelector('.c-dir')?.textContent).toBe('↓');
    expect(broken.dataset['eventId']).toBeUndefined();
    expect(broken.dataset['validity']).toBe('not-json');
    expect(broken.querySelector('.badge.validity-not-json')?.textContent).toBe('not-json');
    expect(sent.querySelector('.c-dir')?.textContent).toBe('↑');
    expect(sent.querySelector('.badge.outgoing-pending')).not.toBeNull();
    expect(meta.dataset).toMatchObject({ kind: 'connection.transition', direction: 'meta' });
    expect(meta.className).toContain('dir-meta');
  });

  it('shows hostile content as text', () => {
    const source = new FakeRecordSource();
    source.append(makeRecord({ summary: '<img src=x onerror=alert(1)>', kind: '<b>k</b>' }));
    const { container } = render(<EventLog source={source} selectedSeq={null} onSelect={() => {}} />);
    expect(container.querySelector('.log-window img, .log-window b')).toBeNull();
    expect(rowsIn(container)[0]?.textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it('shows a row for records dropped by the cap', () => {
    const source = sourceWith(20);
    const { container } = render(<EventLog source={source} selectedSeq={null} onSelect={() => {}} />);
    expect(screen.queryByTestId('dropped-row')).toBeNull();
    act(() => source.dropOldest(5));
    expect(screen.getByTestId('dropped-row').textContent).toBe('5 older records dropped');
    expect(seqsIn(container)[0]).toBe(1_000_005);
    act(() => { source.droppedBefore.value = 1; });
    expect(screen.getByTestId('dropped-row').textContent).toBe('1 older record dropped');
    act(() => { source.droppedBefore.value = 12_345; });
    expect(screen.getByTestId('dropped-row').textContent).toBe('12,345 older records dropped');
  });

  it('updates a streamed item in place as one growing row', () => {
    const source = new FakeRecordSource();
    const started = makeRecord({ seq: 7, category: 'stream', kind: 'MessageEvent', summary: '',
      streamItem: { itemId: 'i1', attempt: 1, state: 'streaming', text: 'Hel' } });
    source.append(makeRecord({ seq: 6 }), started);
    const { container } = render(<EventLog source={source} selectedSeq={null} onSelect={() => {}} />);
    const row = container.querySelector('[data-seq="7"]') as HTMLElement;
    expect(row.querySelector('.badge.stream-streaming')).not.toBeNull();
    act(() => source.update({ ...started, streamItem: { itemId: 'i1', attempt: 1, state: 'streaming', text: 'Hello, wor' } }));
    act(() => source.update({ ...started, streamItem: { itemId: 'i1', attempt: 1, state: 'finished', text: 'Hello, world' } }));
    expect(container.querySelector('[data-seq="7"]')).toBe(row);
    expect(container.querySelectorAll('[data-seq="7"]').length).toBe(1);
    expect(row.textContent).toContain('Hello, world');
    expect(row.querySelector('.badge.stream-finished')).not.toBeNull();
    expect(screen.getByTestId('filter-counts').textContent).toBe('2 / 2');
  });
});

describe('EventLog stick-to-bottom and keyboard', () => {
  it('lets go when scrolled up, offers "↓ N new", jumps back', () => {
    const source = sourceWith(200);
    const { container } = render(<EventLog source={source} selectedSeq={null} onSelect={() => {}} />);
    act(() => scrollTo(container, 0));
    act(() => source.append(makeRecord(), makeRecord(), makeRecord()));
    expect(seqsIn(container)[0]).toBe(1_000_000);
    const jump = screen.getByTestId('jump-to-latest');
    expect(jump.textContent).toBe('↓ 3 new');
    act(() => { fireEvent.click(jump); });
    expect(seqsIn(container).at(-1)).toBe(source.records.at(-1)?.seq);
    expect(screen.queryByTestId('jump-to-latest')).toBeNull();
    act(() => source.append(makeRecord()));
    expect(seqsIn(container).at(-1)).toBe(source.records.at(-1)?.seq);
  });

  it('a streamed batch renders only its new rows, and a selection change only the rows it changes', () => {
    const source = sourceWith(200);
    const { container, rerender } = render(<EventLog source={source} selectedSeq={null} onSelect={() => {}} />);
    const renders = vi.spyOn(LogRow.prototype, 'render');
    act(() => source.append(makeRecord(), makeRecord()));
    expect(seqsIn(container).slice(-2)).toEqual(source.records.slice(-2).map((r) => r.seq));
    expect(renders.mock.instances.map((row) => (row as InstanceType<typeof LogRow>).props.record.seq)).toEqual(source.records.slice(-2).map((r) => r.seq));
    renders.mockClear();
    const onSelect = () => {};
    rerender(<EventLog source={source} selectedSeq={null} onSelect={onSelect} />);
    const shown = seqsIn(container).length;
    expect(renders).toHaveBeenCalledTimes(shown);
    renders.mockClear();
    const chosen = seqsIn(container).at(-3) as number;
    rerender(<EventLog source={source} selectedSeq={chosen} onSelect={onSelect} />);
    expect(renders).toHaveBeenCalledTimes(1);
    expect(container.querySelector(`[data-seq="${chosen}"]`)?.getAttribute('aria-selected')).toBe('true');
    renders.mockRestore();
  });

  it('renderPerFrame: batches arriving before the follower schedule fires render once, then; a filter change renders at once', () => {
    const frames: (() => void)[] = [];
    renderFollowersPerFrame((r) => { frames.push(r); });
    const source = sourceWith(200);
    const { container } = render(<EventLog source={source} selectedSeq={null} onSelect={() => {}} renderPerFrame />);
    act(() => { for (const cb of frames.splice(0)) cb(); });
    const before = seqsIn(container).at(-1);
    const renders = vi.spyOn(LogRow.prototype, 'render');
    act(() => source.append(makeRecord()));
    act(() => source.append(makeRecord(), makeRecord()));
    expect(seqsIn(container).at(-1)).toBe(before);
    expect(renders).not.toHaveBeenCalled();
    expect(frames).toHaveLength(1);
    act(() => { for (const cb of frames.splice(0)) cb(); });
    expect(seqsIn(container).at(-1)).toBe(source.records.at(-1)?.seq);
    expect(renders).toHaveBeenCalledTimes(3);
    expect(screen.getByTestId('filter-counts').textContent).toBe('203 / 203');
    act(() => source.append(makeRecord({ summary: 'needle' })));
    act(() => { fireEvent.input(screen.getByLabelText('Filter text'), { target: { value: 'needle' } }); });
    expect(screen.getByTestId('filter-counts').textContent).toBe('1 / 204');
    renders.mockRestore();
    renderFollowersPerFrame((r) => r());
  });

  it('while following, writes scrollTop once per animation frame and never touches it during a commit', () => {
    const frames: FrameRequestCallback[] = [];
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => frames.push(cb));
    const source = sourceWith(200);
    const { container } = render(<EventLog source={source} selectedSeq={null} onSelect={() => {}} />);
    const el = scroller(container);
    let top = 0;
    const touches: string[] = [];
    Object.defineProperty(el, 'scrollTop', {
      configurable: true,
      get: () => { touches.push('read'); return top; },
      set: (v: number) => { touches.push(`write ${v}`); top = v; },
    });
    // Three batches before the next frame: rendered at once, scrolled once, to the last bottom.
    act(() => source.append(makeRecord()));
    act(() => source.append(makeRecord(), makeRecord()));
    act(() => source.append(makeRecord()));
    expect(seqsIn(container).at(-1)).toBe(source.records.at(-1)?.seq);
    expect(touches).toEqual([]);
    const bottom = 204 * ROW_HEIGHT - 400;
    act(() => { for (const cb of frames.splice(0)) cb(0); });
    expect(touches.filter((t) => t.startsWith('write'))).toEqual([`write ${bottom}`]);
    // Our own scroll event (it may come after more rows arrived) keeps following.
    act(() => source.append(makeRecord()));
    act(() => { fireEvent.scroll(el); });
    expect(screen.queryByTestId('jump-to-latest')).toBeNull();
    act(() => { for (const cb of frames.splice(0)) cb(0); });
    expect(top).toBe(bottom + ROW_HEIGHT);
    vi.restoreAllMocks();
  });

  it('a person scrolling up before the frame keeps their position (no pending follow write)', () => {
    const frames: FrameRequestCallback[] = [];
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => frames.push(cb));
    const source = sourceWith(200);
    const { container } = render(<EventLog source={source} selectedSeq={null} onSelect={() => {}} />);
    act(() => { for (const cb of frames.splice(0)) cb(0); });
    act(() => source.append(makeRecord()));
    act(() => scrollTo(container, 1_000));
    act(() => { for (const cb of frames.splice(0)) cb(0); });
    expect(scroller(container).scrollTop).toBe(1_000);
    expect(screen.getByTestId('jump-to-latest').textContent).toBe('↓ latest');
    vi.restoreAllMocks();
  });

  it('moves the selection with arrows, Page and Home/End, within the filtered rows', () => {
    const source = sourceWith(100, (i) => ({ direction: i % 2 === 0 ? 'in' : 'out' }));
    const onSelect = vi.fn();
    const { container, rerender } = render(<EventLog source={source} selectedSeq={null} onSelect={onSelect} />);
    const grid = container.querySelector('[role="grid"]') as HTMLElement;
    act(() => { fireEvent.click(container.querySelector('[data-direction="out"][aria-pressed]') as HTMLElement); });
    fireEvent.keyDown(grid, { key: 'Home' });
    expect(onSelect).toHaveBeenLastCalledWith(1_000_001);
    rerender(<EventLog source={source} selectedSeq={1_000_001} onSelect={onSelect} />);
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    expect(onSelect).toHaveBeenLastCalledWith(1_000_003);
    fireEvent.keyDown(grid, { key: 'End' });
    expect(onSelect).toHaveBeenLastCalledWith(1_000_099);
    rerender(<EventLog source={source} selectedSeq={1_000_003} onSelect={onSelect} />);
    act(() => { fireEvent.keyDown(grid, { key: 'PageDown' }); });
    expect(onSelect).toHaveBeenLastCalledWith(1_000_003 + 2 * 19);
    expect(grid.getAttribute('aria-activedescendant')).toBe('log-row-1000003');
  });

  it('Home or ArrowUp on the selected first row brings it back into view', () => {
    const source = sourceWith(1_000);
    const { container } = render(<EventLog source={source} selectedSeq={1_000_000} onSelect={() => {}} />);
    const grid = container.querySelector('[role="grid"]') as HTMLElement;
    scrollTo(container, 10_000); // the person wheels down to row 500; the selection stays on row 1
    act(() => { fireEvent.keyDown(grid, { key: 'Home' }); });
    expect(scroller(container).scrollTop).toBe(0);
    scrollTo(container, 10_000);
    act(() => { fireEvent.keyDown(grid, { key: 'ArrowUp' }); });
    expect(scroller(container).scrollTop).toBe(0);
    expect(seqsIn(container)).toContain(1_000_000);
  });

  it('arrows from a selection the filter hides go to the shown rows beside it', () => {
    const source = sourceWith(100, (i) => ({ direction: i % 2 === 0 ? 'in' : 'out' }));
    const onSelect = vi.fn();
    const { container } = render(<EventLog source={source} selectedSeq={1_000_051} onSelect={onSelect} />);
    const grid = container.querySelector('[role="grid"]') as HTMLElement;
    act(() => { fireEvent.click(container.querySelector('[data-direction="in"][aria-pressed]') as HTMLElement); }); // hides 1000051
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    expect(onSelect).toHaveBeenLastCalledWith(1_000_052);
    fireEvent.keyDown(grid, { key: 'ArrowUp' });
    expect(onSelect).toHaveBeenLastCalledWith(1_000_050);
  });

  it('clicking a row selects it', () => {
    const source = sourceWith(5);
    const onSelect = vi.fn();
    const { container } = render(<EventLog source={source} selectedSeq={null} onSelect={onSelect} />);
    fireEvent.click(container.querySelector('[data-seq="1000002"]') as HTMLElement);
    expect(onSelect).toHaveBeenCalledWith(1_000_002);
  });
});

describe('EventLog filter bar', () => {
  const kinds = ['ActionEvent', 'ObservationEvent', 'MessageEvent'];
  const make = (i: number): Partial<LogRecord> => ({ kind: kinds[i % 3], summary: i % 5 === 0 ? `error ${i}` : `fine ${i}` });

  it('text, regex, invert and kind compose and update the counts', () => {
    const source = sourceWith(30, make);
    const { container } = render(<EventLog source={source} selectedSeq={null} onSelect={() => {}} />);
    const text = screen.getByLabelText('Filter text') as HTMLInputElement;
    act(() => { fireEvent.input(text, { target: { value: 'error' } }); });
    expect(screen.getByTestId('filter-counts').textContent).toBe('6 / 30');
    act(() => { fireEvent.input(text, { target: { value: '/^error (0|15)$/' } }); });
    expect(seqsIn(container)).toEqual([1_000_000, 1_000_015]);
    act(() => { fireEvent.click(screen.getByLabelText('invert')); });
    expect(screen.getByTestId('filter-counts').textContent).toBe('28 / 30');
    const kindBox = container.querySelector('[data-facet="kind"] input[value="ActionEvent"]') as HTMLInputElement;
    act(() => { fireEvent.click(kindBox); });
    expect(rowsIn(container).every((r) => r.dataset['kind'] === 'ActionEvent')).toBe(true);
    expect(screen.getByTestId('filter-counts').textContent).toBe('8 / 30');
    act(() => source.append(makeRecord({ kind: 'ActionEvent', summary: 'new' }), makeRecord({ kind: 'MessageEvent', summary: 'new' })));
    expect(screen.getByTestId('filter-counts').textContent).toBe('9 / 32');
  });

  it('keeps a chosen kind no record carries any more in its menu, ticked, so it can be unticked', () => {
    const source = sourceWith(2, (i) => ({ kind: i === 0 ? 'ActionEvent' : 'MessageEvent' }));
    const { container } = render(<EventLog source={source} selectedSeq={null} onSelect={() => {}} />);
    const actionBox = () => container.querySelector('[data-facet="kind"] input[value="ActionEvent"]') as HTMLInputElement | null;
    act(() => { fireEvent.click(actionBox()!); });
    act(() => source.dropOldest(1)); // the cap takes the last ActionEvent
    expect(screen.getByTestId('filter-counts').textContent).toBe('0 / 1');
    expect(actionBox()?.checked).toBe(true);
    expect(actionBox()?.parentElement?.textContent).toContain('ActionEvent 0');

    act(() => { fireEvent.click(actionBox()!); });

    expect(screen.getByTestId('filter-counts').textContent).toBe('1 / 1');
    expect(actionBox()).toBeNull();
  });

  it('a bad regex shows an inline error and keeps the rows', () => {
    const source = sourceWith(10, make);
    const { container } = render(<EventLog source={source} selectedSeq={null} onSelect={() => {}} />);
    act(() => { fireEvent.input(screen.getByLabelText('Filter text'), { target: { value: '/error(/' } }); });
    expect(screen.getByRole('alert').textContent).toMatch(/Invalid regular expression/);
    expect(seqsIn(container).length).toBe(10);
  });

  it('remembers the filter per panel through filterStorage', () => {
    const storage = mapStorage();
    const source = sourceWith(10, make);
    const first = render(<EventLog source={source} selectedSeq={null} onSelect={() => {}} filterStorage={storage} />);
    act(() => { fireEvent.input(screen.getByLabelText('Filter text'), { target: { value: 'error' } }); });
    first.unmount();
    render(<EventLog source={source} selectedSeq={null} onSelect={() => {}} filterStorage={storage} />);
    expect((screen.getByLabelText('Filter text') as HTMLInputElement).value).toBe('error');
    expect(screen.getByTestId('filter-counts').textContent).toBe('2 / 10');
  });
});

describe('EventLog outside requests', () => {
  it('scrolls a selection made elsewhere (detail link, time travel) into view and lets go of the bottom', () => {
    const source = sourceWith(5_000);
    const { container, rerender } = render(<EventLog source={source} selectedSeq={null} onSelect={() => {}} />);
    expect(seqsIn(container)).not.toContain(1_000_100);
    rerender(<EventLog source={source} selectedSeq={1_000_100} onSelect={() => {}} />);
    expect(seqsIn(container)).toContain(1_000_100);
    expect(container.querySelector('[data-seq="1000100"]')?.getAttribute('aria-selected')).toBe('true');
    act(() => source.append(makeRecord()));
    expect(seqsIn(container)).toContain(1_000_100);
    expect(screen.getByTestId('jump-to-latest').textContent).toBe('↓ 1 new');
    rerender(<EventLog source={source} selectedSeq={1_000_100} cursorSeq={1_002_000} onSelect={() => {}} />);
    expect(container.querySelector('[data-seq="1002000"]')?.className).toContain('is-cursor');
  });

  it('takes filter text pushed from DevTools search', () => {
    const source = sourceWith(10, (i) => ({ summary: i === 3 ? 'needle' : 'hay' }));
    const { container, rerender } = render(<EventLog source={source} selectedSeq={null} onSelect={() => {}} externalFilter={{ text: 'needle' }} />);
    expect(seqsIn(container)).toEqual([1_000_003]);
    const box = screen.getByLabelText('Filter text') as HTMLInputElement;
    expect(box.value).toBe('needle');
    rerender(<EventLog source={source} selectedSeq={null} onSelect={() => {}} externalFilter={{ text: '' }} />);
    expect(seqsIn(container).length).toBe(10);
    // The person types something else; the same search again applies again.
    fireEvent.input(box, { target: { value: 'hay' } });
    rerender(<EventLog source={source} selectedSeq={null} onSelect={() => {}} externalFilter={{ text: 'needle' }} />);
    expect(box.value).toBe('needle');
    expect(seqsIn(container)).toEqual([1_000_003]);
  });

  it('applies one DevTools search once, not again in the log of the next conversation shown', () => {
    const storage = mapStorage();
    const search = { text: 'needle' };
    const first = sourceWith(3, (i) => ({ summary: i === 1 ? 'needle' : 'hay' }));
    const second = sourceWith(3, (i) => ({ summary: i === 1 ? 'needle' : 'hay' }));
    // The shell keys EventLog by conversation: a switch mounts a new one with the same search.
    const { container, rerender } = render(<EventLog key="a" source={first} selectedSeq={null} onSelect={() => {}} filterStorage={storage} externalFilter={search} />);
    expect((screen.getByLabelText('Filter text') as HTMLInputElement).value).toBe('needle');
    fireEvent.input(screen.getByLabelText('Filter text'), { target: { value: '' } });

    rerender(<EventLog key="b" source={second} selectedSeq={null} onSelect={() => {}} filterStorage={storage} externalFilter={search} />);

    expect((screen.getByLabelText('Filter text') as HTMLInputElement).value).toBe('');
    expect(seqsIn(container).length).toBe(3);
  });
});

describe('EventLog keeps a reader in place when rows move above them', () => {
  it('older rows prepended above (history loaded newest-first) do not move the rows in view', () => {
    const source = sourceWith(1_000);
    const { container } = render(<EventLog source={source} selectedSeq={null} onSelect={() => {}} />);
    act(() => scrollTo(container, 500 * ROW_HEIGHT + 7));
    expect(seqsIn(container)).toContain(1_000_500);
    act(() => {
      const older = Array.from({ length: 300 }, (_, i) => makeRecord({ seq: 999_700 + i }));
      source.records.unshift(...older);
      source.generation.value += 1;
      source.version.value += 1;
    });
    expect(scroller(container).scrollTop).toBe(800 * ROW_HEIGHT + 7);
    const top = Math.floor(scroller(container).scrollTop / ROW_HEIGHT);
    expect(source.records[top]?.seq).toBe(1_000_500);
    expect(seqsIn(container)).toContain(1_000_500);
    expect(screen.getByTestId('jump-to-latest')).toBeTruthy(); // still reading, not following
  });

  it('the oldest rows dropped by the cap do not move the rows in view either', () => {
    const source = sourceWith(1_000);
    const { container } = render(<EventLog source={source} selectedSeq={null} onSelect={() => {}} />);
    act(() => scrollTo(container, 500 * ROW_HEIGHT));
    act(() => source.dropOldest(100));
    expect(scroller(container).scrollTop).toBe(400 * ROW_HEIGHT);
    expect(source.records[400]?.seq).toBe(1_000_500);
  });
});
