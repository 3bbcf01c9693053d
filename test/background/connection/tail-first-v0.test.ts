// V0 newest-first against a server that does not page properly: the backfill stops with an
// error in the log instead of asking for the same page again and again.
import { describe, expect, it } from 'vitest';
import { startTailFirstV0 } from '../../../src/background/resume/tail-first-v0';
import { EventLog } from '../../../src/background/event-log';
import type { ConversationSink } from '../../../src/background/contracts';

const v0Event = (id: number) => JSON.stringify({ id, timestamp: '2026-11-25T10:00:00', source: 'agent', action: 'message', args: { content: `m${id}` }, message: `m${id}` });

describe('V0 newest-first backfill', () => {
  it('a server that ignores end_id: the backfill ends with an error note, after one extra request', async () => {
    let requests = 0;
    const rest = {
      // Always the newest 100 of 5,000, whatever end_id says.
      v0EventsNewestFirst: async () => {
        requests += 1;
        const ids = Array.from({ length: 100 }, (_, i) => 4_999 - i);
        return { ids, raws: ids.map(v0Event), hasMore: true };
      },
    };
    const log = new EventLog({ conversationKey: 'k', protocol: 'v0-socketio', now: () => 0 });
    const sink = Object.assign(log, { statusChanged: () => undefined }) as ConversationSink;
    const start = await startTailFirstV0(rest, 'c', sink, { threshold: 1_000, now: () => 0, wait: async () => undefined });
    expect(start?.cursor).toMatchObject({ generation: 'v0-socketio', latestEventId: 4_999 });
    await start!.backfill();
    expect(requests).toBe(2);
    const errors = log.since(-Infinity).filter((r) => r.meta?.type === 'error').map((r) => (r.meta as { message: string }).message);
    expect(errors).toEqual([expect.stringMatching(/^older history stopped after 0 events: .*answered end_id=4899 with newer events/)]);
    expect(log.since(-Infinity).filter((r) => r.direction === 'in')).toHaveLength(100);
  });

  it('detached while a page is in flight: asks for no page ahead (as V1 does)', async () => {
    const asked: { endId?: number; afterStop: boolean }[] = [];
    let stopped = false;
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => { release = r; });
    const rest = {
      v0EventsNewestFirst: async (_id: string, q: { endId?: number; limit?: number }) => {
        asked.push({ endId: q.endId, afterStop: stopped });
        if (q.endId !== undefined) await held;
        const top = q.endId ?? 4_999;
        const ids = Array.from({ length: 100 }, (_, i) => top - i).filter((i) => i >= 0);
        return { ids, raws: ids.map(v0Event), hasMore: ids.at(-1)! > 0 };
      },
    };
    const log = new EventLog({ conversationKey: 'k', protocol: 'v0-socketio', now: () => 0 });
    const sink = Object.assign(log, { statusChanged: () => undefined }) as ConversationSink;
    const start = await startTailFirstV0(rest, 'c', sink, { threshold: 1_000, now: () => 0, wait: async () => undefined, stopped: () => stopped });
    const done = start!.backfill();
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(asked.filter((a) => a.endId !== undefined)).toHaveLength(1);
    stopped = true;
    release();
    await done;
    expect(asked.filter((a) => a.afterStop)).toEqual([]);
  });
});
