// The older-history backfill survives a failed page (a keep-alive connection that a reconnect
// took with it): the page is asked again, nothing is lost, and a backfill that cannot go on
// says so in the log and still settles (history stops "loading").
import { describe, expect, it } from 'vitest';
import { startTailFirst } from '../../../src/background/resume/tail-first';
import type { EventSearch } from '../../../src/background/rest';
import { EventLog } from '../../../src/background/event-log';
import type { ConversationSink } from '../../../src/background/contracts';
import { RecordingSink } from './harness';

const events = Array.from({ length: 1_250 }, (_, i) => ({ kind: 'MessageEvent', id: `e${i}`, timestamp: `2026-11-25T10:00:00.${String(i).padStart(6, '0')}` }));

/** REST over `events` (§3.1 paging, newest first or log order); `fail(n)` says whether call n throws. */
function fakeRest(fail: (call: number) => boolean) {
  let calls = 0;
  return {
    countEvents: async () => events.length,
    async searchEvents(_id: string, search: EventSearch) {
      calls += 1;
      if (fail(calls)) throw new Error('network error');
      const matching = events.filter((e) => search.timestampLt === undefined || e.timestamp < search.timestampLt);
      const ordered = search.sortOrder === 'TIMESTAMP_DESC' ? [...matching].reverse() : matching;
      const start = search.pageId === undefined ? 0 : ordered.findIndex((e) => e.id === search.pageId);
      const items = ordered.slice(start, start + (search.limit ?? 100));
      return { items, raws: items.map((e) => JSON.stringify(e)), next_page_id: ordered[start + (search.limit ?? 100)]?.id ?? null };
    },
  };
}

const options = { threshold: 1_000, now: () => 0, wait: async () => undefined };

describe('newest-first backfill', () => {
  it('asks a failed page again and loses nothing', async () => {
    const sink = new RecordingSink();
    const start = await startTailFirst(fakeRest((n) => n === 4 || n === 5), 'c', 'v1-events', sink, options);
    await start!.backfill();
    const ids = new Set(sink.inbound.map((f) => (JSON.parse(f.raw) as { id: string }).id));
    expect(ids.size).toBe(events.length);
    expect(sink.metas.some((m) => m.type === 'error')).toBe(false);
  });

  it('gives up after three tries with a visible error, and settles', async () => {
    const sink = new RecordingSink();
    const start = await startTailFirst(fakeRest((n) => n >= 4), 'c', 'v1-events', sink, options);
    await start!.backfill();
    expect(sink.metas.filter((m) => m.type === 'error').map((m) => m.type === 'error' && m.message)).toEqual([
      expect.stringMatching(/older history stopped after \d+ events: .*network error/),
    ]);
  });

  it('stops at the log cap, keeps the newest of the older events and says the rest were not loaded', async () => {
    const log = new EventLog({ conversationKey: 'k', protocol: 'v1-events', now: () => 0, limits: { maxRecords: 600 } });
    const sink: ConversationSink = Object.assign(log, { statusChanged: () => undefined });
    const start = await startTailFirst(fakeRest(() => false), 'c', 'v1-events', sink, options);
    await start!.backfill();
    const held = log.since(-Infinity).flatMap((r) => (r.direction === 'in' ? [(JSON.parse(r.raw) as { id: string }).id] : []));
    expect(held.at(-1)).toBe('e1249');
    expect(held.length).toBeLessThanOrEqual(600);
    expect(held).toEqual(events.slice(-held.length).map((e) => e.id)); // the newest ones, in order
    expect(log.metaRecords().some((r) => r.meta?.type === 'note' && /log is full/.test(r.meta.message))).toBe(true);
  });

  it('stops paging once the connection is gone (detached): no more requests, nothing more prepended', async () => {
    const sink = new RecordingSink();
    let calls = 0;
    const rest = fakeRest(() => { calls += 1; return false; });
    let detached = false;
    const start = await startTailFirst(rest, 'c', 'v1-events', sink, { ...options, stopped: () => detached });
    const backfill = start!.backfill();
    detached = true;
    await backfill;
    expect(calls).toBeLessThanOrEqual(4); // count + newest page + at most the two pages already asked
    expect(sink.prepended).toHaveLength(0);
    expect(sink.metas.some((m) => m.type === 'note' && /older history/.test(m.message))).toBe(false);
  });

  // The agent appends while the connection starts: count and page answered together, an event
  // appended between them was older than the page (not backfilled) and at or below after_seq
  // (not sent by the socket), and was lost without a gap.
  it('v1-session: an event appended while the count is asked is in the backfill or the socket, never neither', async () => {
    const log = events.slice(0, 1_000);
    const rest = {
      // The count answers a moment later, after the agent appended two more events.
      countEvents: async () => {
        await new Promise((resolve) => setTimeout(resolve, 0));
        log.push(...events.slice(1_000, 1_002));
        return log.length;
      },
      async searchEvents(_id: string, search: EventSearch) {
        const matching = log.filter((e) => search.timestampLt === undefined || e.timestamp < search.timestampLt).reverse();
        const start = search.pageId === undefined ? 0 : matching.findIndex((e) => e.id === search.pageId);
        const items = matching.slice(start, start + (search.limit ?? 100));
        return { items, raws: items.map((e) => JSON.stringify(e)), next_page_id: matching[start + (search.limit ?? 100)]?.id ?? null };
      },
    };
    const sink = new RecordingSink();
    const start = await startTailFirst(rest, 'c', 'v1-session', sink, { ...options, threshold: 500 });
    await start!.backfill();
    const backfilled = sink.prepended.map((f) => Number((JSON.parse(f.raw) as { id: string }).id.slice(1)));
    const socketFrom = start!.cursor.afterSeq! + 1; // the socket sends positions above after_seq
    expect(socketFrom).toBeLessThanOrEqual(Math.max(...backfilled) + 1);
    expect(new Set([...backfilled, ...log.slice(socketFrom).map((e) => Number(e.id.slice(1)))]).size).toBe(log.length);
  });
});

