/**
 * Thousands of unanswered ActionEvents: the fold copied the whole pending map on each one, so
 * the panel's state cost the square of their number (15,000 actions: 40 s of panel script).
 * The work is counted here (entries copied between maps), never timed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deriveState, foldRecords, emptyState } from '../../src/shared/conversation-state';
import { StateFolder } from '../../src/panel/store/state-folder';
import type { LogRecord } from '../../src/shared/record';

const action = (i: number): LogRecord => ({
  seq: i + 1, direction: 'in', receivedAt: 0, conversationKey: 'k', protocol: 'v1-events', validity: 'ok', frameType: 'event',
  category: 'action', size: 100, summary: 'ActionEvent', kind: 'ActionEvent', eventId: `action-${i}`, source: 'agent',
  toolCallId: `call-${i}`, raw: '', rawEncoding: 'text', rawTruncated: true,
}) as LogRecord;

const observation = (i: number, answers: number): LogRecord => ({
  ...action(i), category: 'observation', kind: 'ObservationEvent', eventId: `obs-${i}`, actionId: `action-${answers}`, toolCallId: `call-${answers}`,
}) as LogRecord;

/** Counts the entries every `new Map(other map)` copies: the fold's only way to copy the pending map. */
function countMapCopies(): { copied: () => number } {
  const Original = Map;
  let copied = 0;
  class CountingMap<K, V> extends Original<K, V> {
    constructor(entries?: Iterable<readonly [K, V]> | null) {
      super(entries);
      if (entries instanceof Original) copied += entries.size;
    }
  }
  vi.stubGlobal('Map', CountingMap);
  return { copied: () => copied };
}

afterEach(() => { vi.unstubAllGlobals(); });

describe('pending actions fold', () => {
  it('folds 20,000 unanswered actions copying no more entries than there are actions', () => {
    const n = 20_000;
    const records = Array.from({ length: n }, (_, i) => action(i));
    const work = countMapCopies();
    const state = deriveState(records);
    expect(state.pendingActions.size).toBe(n);
    expect(work.copied()).toBeLessThanOrEqual(n);
  });

  it('answers keep the fold linear too, and the state it started from is left as it was', () => {
    const start = foldRecords(emptyState(), Array.from({ length: 1_000 }, (_, i) => action(i)));
    const records = Array.from({ length: 10_000 }, (_, i) => (i % 2 === 0 ? action(1_000 + i) : observation(1_000 + i, 1_000 + i - 1)));
    const work = countMapCopies();
    const end = foldRecords(start, records);
    expect(work.copied()).toBeLessThanOrEqual(1_000);
    expect(start.pendingActions.size).toBe(1_000);
    expect(end.pendingActions.size).toBe(1_000);
  });

  it('the panel folder copies once per checkpoint stretch, and its checkpoints stay as they were', () => {
    const n = 20_000;
    const records: LogRecord[] = [];
    const folder = new StateFolder(records, 1024);
    const work = countMapCopies();
    for (let batch = 0; batch < n / 500; batch++) {
      for (let i = 0; i < 500; i++) records.push(action(batch * 500 + i));
      folder.atEnd();
    }
    // One copy per batch (40) and per checkpoint (19), each at most n entries.
    expect(work.copied()).toBeLessThanOrEqual(60 * n);
    expect(folder.atEnd().pendingActions.size).toBe(n);
    expect(folder.at(1023).pendingActions.size).toBe(1024);
    expect(folder.at(1500).pendingActions.size).toBe(1501);
    expect(folder.at(n - 2).pendingActions.size).toBe(n - 1);
  });
});
