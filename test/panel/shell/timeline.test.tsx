import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { options, type VNode } from 'preact';
import { renderFollowersPerFrame } from '../../../src/panel/components/per-frame';
import { ConnectionTimeline } from '../../../src/panel/components/status/ConnectionTimeline';
import { TIMELINE_BLOCK_SIZE } from '../../../src/panel/components/status/timeline-blocks';
import { Conversation } from '../../../src/panel/store/conversation';
import type { LogRecord, MetaInfo } from '../../../src/shared/record';

afterEach(() => { cleanup(); renderFollowersPerFrame((r) => r()); });

let seq = 0;
function meta(info: MetaInfo): LogRecord {
  seq += 1;
  return {
    seq, conversationKey: 'k', direction: 'meta', receivedAt: 1_700_000_000_000 + seq, protocol: 'v1-events', validity: 'ok', raw: '',
    rawEncoding: 'text', size: 0, frameType: 'none', category: info.type === 'error' ? 'error' : 'control', summary: info.type === 'error' ? info.message : '', meta: info,
  };
}
function event(id: string): LogRecord {
  seq += 1;
  return { seq, conversationKey: 'k', direction: 'in', receivedAt: 0, protocol: 'v1-events', validity: 'ok', raw: '{}', rawEncoding: 'text', size: 2, frameType: 'event', category: 'message', eventId: id, summary: id };
}

describe('connection timeline', () => {
  it('lists transitions with code, reason, attempt and delay, counts errors except transient ones, and survives the record cap', () => {
    const c = new Conversation('k', { type: 'live' }, 10);
    c.admit([
      meta({ type: 'transition', from: 'connecting', to: 'open', cause: 'socket opened', attempt: 0 }),
      meta({ type: 'transition', from: 'open', to: 'backoff', cause: 'socket closed', code: 1006, reason: 'abnormal', attempt: 1, delayMs: 1200 }),
      meta({ type: 'error', origin: 'server', message: 'websocket error' }),
      meta({ type: 'error', origin: 'connection', message: 'handshake timed out after 10000 ms' }),
    ]);
    // An event flood: the record cap drops the oldest rows, the story stays.
    c.admit(Array.from({ length: 50 }, (_, i) => event(`e${i}`)));
    expect(c.source.records.some((r) => r.direction === 'meta')).toBe(false);
    const selected: number[] = [];
    render(<ConnectionTimeline conversation={c} onSelect={(s) => selected.push(s)} />);
    const items = screen.getByLabelText('Connection transitions').querySelectorAll('li');
    expect(items).toHaveLength(2);
    expect(items[1]!.textContent).toContain('open → backoff');
    expect(items[1]!.textContent).toContain('1006 abnormal');
    expect(items[1]!.textContent).toContain('attempt 1');
    expect(items[1]!.textContent).toContain('retry in 1200 ms');
    expect(screen.getByTestId('error-count').textContent).toBe('1');
    expect(screen.getByLabelText('Errors').querySelector('.transient')?.textContent).toContain('websocket error');
    fireEvent.click(items[1]!);
    expect(selected).toEqual([2]);
  });

  it('renders once per frame and only when the story changed; entries already shown are kept', () => {
    const frames: (() => void)[] = [];
    renderFollowersPerFrame((r) => { frames.push(r); });
    const c = new Conversation('k', { type: 'live' }, 1000);
    c.admit([meta({ type: 'error', origin: 'server', message: 'first' })]);
    render(<ConnectionTimeline conversation={c} onSelect={() => {}} />);
    const errors = () => [...screen.getByLabelText('Errors').querySelectorAll('li')];
    const first = errors()[0];
    // A flood of ordinary events does not touch the story: nothing is scheduled.
    act(() => { c.admit(Array.from({ length: 20 }, (_, i) => event(`f${i}`))); });
    expect(frames).toHaveLength(0);
    // Errors in three batches within one frame: one render, in the frame.
    act(() => { for (const m of ['second', 'third', 'fourth']) c.admit([meta({ type: 'error', origin: 'server', message: m })]); });
    expect(errors()).toHaveLength(1);
    expect(frames).toHaveLength(1);
    act(() => frames.shift()!());
    expect(errors().map((li) => li.textContent?.split(' ').slice(1).join(' '))).toEqual(['server: first', 'server: second', 'server: third', 'server: fourth']);
    expect(errors()[0]).toBe(first);
  });
});

describe('connection timeline with a full story', () => {
  it('diffs only the block an error joins, not every entry shown', () => {
    const c = new Conversation('k', { type: 'live' }, 1000);
    c.admit(Array.from({ length: 500 }, (_, i) => meta({ type: 'error', origin: 'server', message: `e${i}` })));
    render(<ConnectionTimeline conversation={c} onSelect={() => {}} />);
    let entryDiffs = 0;
    const hooks = options as { diffed?: (vnode: VNode) => void };
    const previous = hooks.diffed;
    hooks.diffed = (vnode) => {
      if (typeof vnode.type === 'function' && (vnode.type as { displayName?: string }).displayName === 'ErrorEntry') entryDiffs += 1;
      previous?.(vnode);
    };
    try {
      act(() => { c.admit([meta({ type: 'error', origin: 'server', message: 'one more' })]); });
    } finally {
      hooks.diffed = previous;
    }
    const errors = screen.getByLabelText('Errors').querySelectorAll('li');
    expect(errors).toHaveLength(500);
    expect(errors[499]!.textContent).toContain('one more');
    expect(entryDiffs).toBeLessThanOrEqual(TIMELINE_BLOCK_SIZE * 2);
  });
});
