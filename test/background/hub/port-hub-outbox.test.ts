import { describe, expect, it } from 'vitest';
import { PortOutbox } from '../../../src/background/port-hub-outbox';
import { LIVE_MESSAGE_CHARS, sizedRuns } from '../../../src/background/port-message-size';
import type { BackgroundToPanel } from '../../../src/shared/port/messages';
import type { LogRecord } from '../../../src/shared/record';

function record(seq: number, raw = '{}'): LogRecord {
  return {
    validity: 'ok', raw, rawEncoding: 'text', size: raw.length, frameType: 'event', category: 'other', summary: '',
    seq, conversationKey: 'k', direction: 'in', receivedAt: 0, protocol: 'v1-events',
  };
}

const tick = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('PortOutbox', () => {
  it('batches appends of one tick into capped recordsAppended messages', async () => {
    const posted: BackgroundToPanel[] = [];
    const outbox = new PortOutbox({ key: 'k', post: (m) => posted.push(m), maxBatch: 2 });
    for (let seq = 1; seq <= 3; seq += 1) outbox.append(record(seq));
    expect(posted).toHaveLength(0);
    await tick();
    expect(posted.map((m) => (m.type === 'recordsAppended' ? m.records.map((r) => r.seq) : m.type))).toEqual([[1, 2], [3]]);
  });

  it('keeps each live message under the size at which Chrome switches to shared memory', async () => {
    const posted: BackgroundToPanel[] = [];
    const outbox = new PortOutbox({ key: 'k', post: (m) => posted.push(m) });
    const big = 'y'.repeat(3_000);
    const records = Array.from({ length: 100 }, (_, i) => record(i + 1, i === 50 ? 'z'.repeat(LIVE_MESSAGE_CHARS * 2) : big));
    for (const r of records) outbox.append(r);
    await tick();
    const batches = posted.map((m) => (m.type === 'recordsAppended' ? m.records : []));
    expect(batches.flat().map((r) => r.seq)).toEqual(records.map((r) => r.seq));
    expect(batches.length).toBeGreaterThan(5);
    for (const batch of batches) {
      const chars = batch.reduce((n, r) => n + r.raw.length, 0);
      // Only a record over the budget by itself goes over it, alone.
      if (chars > LIVE_MESSAGE_CHARS) expect(batch).toHaveLength(1);
    }
  });

  it('sizedRuns cuts by count and by size, in order, and never returns an empty batch', () => {
    const rs = [record(1, 'a'.repeat(100)), record(2, 'b'.repeat(100)), record(3, 'c'.repeat(100))];
    expect(sizedRuns(rs, 2, LIVE_MESSAGE_CHARS).map((b) => b.map((r) => r.seq))).toEqual([[1, 2], [3]]);
    expect(sizedRuns(rs, 10, 100 + 256).map((b) => b.map((r) => r.seq))).toEqual([[1], [2], [3]]);
    expect(sizedRuns([], 10, LIVE_MESSAGE_CHARS)).toEqual([]);
  });

  it('collapses into one resync when the queue overflows', async () => {
    const posted: BackgroundToPanel[] = [];
    const outbox = new PortOutbox({ key: 'k', post: (m) => posted.push(m), maxQueued: 2 });
    for (let seq = 1; seq <= 5; seq += 1) outbox.append(record(seq));
    await tick();
    expect(posted.map((m) => m.type)).toEqual(['resync']);
  });
});

describe('PortOutbox with a flush delay', () => {
  function delayed() {
    let now = 1_000;
    const timers: { at: number; fn: () => void }[] = [];
    const posted: BackgroundToPanel[] = [];
    const outbox = new PortOutbox({
      key: 'k', post: (m) => posted.push(m), flushDelayMs: 16, now: () => now,
      setTimer: (fn, ms) => { timers.push({ at: now + ms, fn }); },
    });
    const advance = (ms: number) => {
      now += ms;
      for (const t of timers.splice(0).filter((x) => { if (x.at <= now) return true; timers.push(x); return false; })) t.fn();
    };
    const seqs = () => posted.map((m) => (m.type === 'recordsAppended' ? m.records.map((r) => r.seq) : m.type));
    return { outbox, advance, seqs, timers };
  }

  it('sends the first record after a quiet interval at once, and batches the rest of a busy interval', async () => {
    const { outbox, advance, seqs, timers } = delayed();
    outbox.append(record(1));
    await tick();
    expect(seqs()).toEqual([[1]]); // leading edge: no timer wait
    advance(2);
    outbox.append(record(2));
    advance(3);
    outbox.append(record(3));
    await tick();
    expect(seqs()).toEqual([[1]]); // within 16 ms of the last flush: held for the batch
    expect(timers.map((t) => t.at)).toEqual([1_016]);
    advance(11);
    expect(seqs()).toEqual([[1], [2, 3]]);
    advance(40);
    outbox.append(record(4));
    await tick();
    expect(seqs()).toEqual([[1], [2, 3], [4]]);
  });

  it('a burst appended in one task (the newest history page) goes out as one message at once', async () => {
    const { outbox, seqs } = delayed();
    for (let seq = 1; seq <= 100; seq += 1) outbox.append(record(seq));
    await tick();
    expect(seqs()).toEqual([Array.from({ length: 100 }, (_, i) => i + 1)]);
  });

  // With `auto`, the protocol note goes out a few ms before the newest history page is in: the
  // page (two messages' worth) waited for the timer, and the first view with it.
  it('a burst that fills a message goes out at once, even right after a flush', async () => {
    const { outbox, advance, seqs, timers } = delayed();
    outbox.append(record(1));
    await tick();
    advance(2);
    outbox.append(record(2)); // held for the timer (at 1_016)
    advance(3);
    const raw = 'x'.repeat(1_000);
    for (let seq = 3; seq <= 102; seq += 1) outbox.append(record(seq, raw));
    await tick();
    expect(seqs().flat()).toEqual(Array.from({ length: 102 }, (_, i) => i + 1));
    // What follows within the interval still waits, for 16 ms after that flush: the earlier
    // timer, due first, finds nothing of its own.
    outbox.append(record(103));
    await tick();
    expect(timers.map((t) => t.at)).toEqual([1_016, 1_021]);
    advance(11);
    expect(seqs().flat()).toHaveLength(102);
    advance(5);
    expect(seqs().flat()).toHaveLength(103);
  });

  it('once closed, posts nothing: not what waits for the timer, not updates, not later records', async () => {
    const { outbox, advance, seqs } = delayed();
    outbox.append(record(1));
    await tick();
    outbox.append(record(2)); // waits for the timer
    outbox.update(record(1));
    outbox.close();
    outbox.append(record(3));
    outbox.update(record(3));
    outbox.prepend([record(0)], 0);
    advance(1_000);
    await tick();
    expect(seqs()).toEqual([[1]]);
  });
});
