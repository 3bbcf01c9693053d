import { batch } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { computeWindow, nextRowForKey, rowsPerPage, scrollTopToReveal } from '../../../src/panel/log/virtual-window';
import { FOLLOWING, isAtBottom, nextFollowState, type FollowState } from '../../../src/panel/log/follow-state';
import { formatClockTime, formatCount, formatSize, truncateForRow } from '../../../src/panel/log/format';
import { FakeRecordSource, makeRecord } from './fake-record-source';
import { createEventLogModel } from '../../../src/panel/log/event-log-model';
import { RecordBuffer } from '../../../src/panel/store/record-buffer';

describe('computeWindow', () => {
  const base = { viewportHeight: 200, rowHeight: 20, rowCount: 100_000, overscan: 5 };

  it('at the top renders the visible rows plus overscan below', () => {
    expect(computeWindow({ ...base, scrollTop: 0 })).toEqual({ start: 0, end: 16, offsetTop: 0, totalHeight: 2_000_000 });
  });

  it('in the middle renders overscan on both sides, offset to the first rendered row', () => {
    const w = computeWindow({ ...base, scrollTop: 50_010 }); // row 2500 half hidden
    expect(w.start).toBe(2495);
    expect(w.end).toBe(2500 + 11 + 5);
    expect(w.offsetTop).toBe(2495 * 20);
  });

  it('clamps a scrollTop past the end and before the start', () => {
    const end = computeWindow({ ...base, scrollTop: 9e9 });
    expect(end.end).toBe(100_000);
    expect(end.start).toBe(100_000 - 10 - 5);
    expect(computeWindow({ ...base, scrollTop: -50 }).start).toBe(0);
  });

  it('handles no rows and fewer rows than fit', () => {
    expect(computeWindow({ ...base, rowCount: 0, scrollTop: 0 })).toEqual({ start: 0, end: 0, offsetTop: 0, totalHeight: 0 });
    expect(computeWindow({ ...base, rowCount: 3, scrollTop: 100 })).toMatchObject({ start: 0, end: 3 });
  });

  it('scrollTopToReveal moves the least needed', () => {
    expect(scrollTopToReveal(5, 0, 200, 20)).toBe(0);
    expect(scrollTopToReveal(10, 0, 200, 20)).toBe(20);
    expect(scrollTopToReveal(2, 100, 200, 20)).toBe(40);
  });

  it('navigation keys clamp to the rows and start from nothing selected', () => {
    expect(nextRowForKey('ArrowDown', -1, 10, 5)).toBe(0);
    expect(nextRowForKey('ArrowUp', -1, 10, 5)).toBe(9);
    expect(nextRowForKey('ArrowDown', 9, 10, 5)).toBe(9);
    expect(nextRowForKey('PageDown', 7, 10, 5)).toBe(9);
    expect(nextRowForKey('PageUp', 3, 10, 5)).toBe(0);
    expect(nextRowForKey('Home', 5, 10, 5)).toBe(0);
    expect(nextRowForKey('End', 5, 10, 5)).toBe(9);
    expect(nextRowForKey('Enter', 5, 10, 5)).toBeUndefined();
    expect(nextRowForKey('ArrowDown', -1, 0, 5)).toBeUndefined();
    // A selection the filter hides between rows 3 and 4 (position 3.5) goes to its neighbours.
    expect(nextRowForKey('ArrowDown', 3.5, 10, 5)).toBe(4);
    expect(nextRowForKey('ArrowUp', 3.5, 10, 5)).toBe(3);
    expect(nextRowForKey('PageDown', 3.5, 10, 5)).toBe(8);
    expect(nextRowForKey('PageUp', 3.5, 10, 5)).toBe(0);
    expect(nextRowForKey('ArrowUp', -0.5, 10, 5)).toBe(0);
    expect(nextRowForKey('ArrowDown', 9.5, 10, 5)).toBe(9);
    expect(rowsPerPage(200, 20)).toBe(9);
  });
});

describe('stick-to-bottom', () => {
  it('lets go on scrolling up, counts new rows, returns at the bottom or on jump', () => {
    let s: FollowState = FOLLOWING;
    s = nextFollowState(s, { type: 'rowsAppended', count: 5 });
    expect(s).toEqual({ mode: 'following' });
    s = nextFollowState(s, { type: 'scrolled', atBottom: false });
    expect(s).toEqual({ mode: 'detached', unseen: 0 });
    s = nextFollowState(s, { type: 'rowsAppended', count: 3 });
    s = nextFollowState(s, { type: 'rowsAppended', count: 4 });
    s = nextFollowState(s, { type: 'scrolled', atBottom: false });
    expect(s).toEqual({ mode: 'detached', unseen: 7 });
    expect(nextFollowState(s, { type: 'scrolled', atBottom: true })).toEqual({ mode: 'following' });
    expect(nextFollowState(s, { type: 'jumpToBottom' })).toEqual({ mode: 'following' });
  });

  it('a late scroll event from our own auto-scroll still counts as at the bottom', () => {
    // We scrolled to 1000; rows grew the content to 1400 before the event arrived.
    expect(isAtBottom({ scrollTop: 1000, viewportHeight: 200, contentHeight: 1400, lastAutoScrollTop: 1000 })).toBe(true);
    expect(isAtBottom({ scrollTop: 900, viewportHeight: 200, contentHeight: 1400, lastAutoScrollTop: 1000 })).toBe(false);
    expect(isAtBottom({ scrollTop: 1198, viewportHeight: 200, contentHeight: 1400, lastAutoScrollTop: null })).toBe(true);
  });

  it('the model counts only appended rows that pass the filter as unseen', () => {
    const source = new FakeRecordSource();
    const model = createEventLogModel(source);
    model.setFilter({ directions: ['out'] });
    model.dispatchFollow({ type: 'scrolled', atBottom: false });
    source.append(makeRecord({ direction: 'out' }), makeRecord({ direction: 'in' }), makeRecord({ direction: 'out' }));
    expect(model.follow.value).toEqual({ mode: 'detached', unseen: 2 });
    model.dispose();
  });

  it('counts the rows of the batch that made the cap drop the oldest records', () => {
    const buffer = new RecordBuffer(10);
    buffer.append(Array.from({ length: 10 }, (_, i) => makeRecord({ seq: i + 1 })));
    const model = createEventLogModel(buffer);
    model.dispatchFollow({ type: 'scrolled', atBottom: false });
    // One recordsAppended batch, applied in one batch() as the store does; over the cap, the oldest go.
    batch(() => { buffer.append([makeRecord({ seq: 11 }), makeRecord({ seq: 12 })]); });
    expect(buffer.droppedBefore.value).toBeGreaterThan(0);
    expect(model.follow.value).toEqual({ mode: 'detached', unseen: 2 });
    model.dispose();
  });

  it('with a render schedule, "N new" counts when the list renders, not per batch', () => {
    const frames: (() => void)[] = [];
    const source = new FakeRecordSource();
    const model = createEventLogModel(source, undefined, (render) => { frames.push(render); });
    source.append(makeRecord()); // seen: the list follows it
    model.dispatchFollow({ type: 'scrolled', atBottom: false });
    const detached = model.follow.value;
    source.append(makeRecord());
    source.append(makeRecord(), makeRecord());
    // The viewport reads `follow`: no change per batch, so no render per batch.
    expect(model.follow.value).toBe(detached);
    for (const render of frames.splice(0)) render();
    expect(model.follow.value).toEqual({ mode: 'detached', unseen: 3 });
    // Back at the bottom before the render: what arrived meanwhile is not new.
    source.append(makeRecord());
    model.dispatchFollow({ type: 'jumpToBottom' });
    model.dispatchFollow({ type: 'scrolled', atBottom: false });
    for (const render of frames.splice(0)) render();
    expect(model.follow.value).toEqual({ mode: 'detached', unseen: 0 });
    model.dispose();
  });
});

describe('row formatting', () => {
  it('time is local HH:MM:SS.mmm, size in B/KB/MB', () => {
    expect(formatClockTime(new Date(2026, 0, 2, 3, 4, 5, 6).getTime())).toBe('03:04:05.006');
    expect(formatSize(900)).toBe('900 B');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(3 * 1024 * 1024)).toBe('3.0 MB');
  });

  it('counts are grouped by thousands', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1234567)).toBe('1,234,567');
  });

  it('summaries become one line and are cut with an ellipsis', () => {
    expect(truncateForRow('a\n  b\tc')).toBe('a b c');
    const long = truncateForRow('x'.repeat(1_000_000));
    expect(long.length).toBe(300);
    expect(long.endsWith('…')).toBe(true);
  });
});
