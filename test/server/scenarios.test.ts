import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, SCENARIO_IDS, type MockServer } from '../../src/server/index';
import type { FloodTimers } from '../../src/server/scenarios/index';
import { asObj, openSocket, waitFor, wsUrl } from './ws-client';

let server: MockServer;
beforeAll(async () => { server = await createMockServer(); });
afterAll(async () => { await server.close(); });

type Obj = Record<string, unknown>;
const floodStamp = (event: unknown) => asObj(asObj(event)['mock_flood']) as { index: number; sent_at_ms: number } | undefined;
const admin = async (path: string, body: unknown) => {
  const res = await fetch(`${server.url}/_admin/scenarios/${path}`, { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Obj };
};

/** A flood clock a test moves by hand: paced floods become deterministic. */
class ManualTimers implements FloodTimers {
  time = 0;
  private queue: Array<{ at: number; fn: () => void }> = [];
  now = () => this.time;
  epochMs = () => 1_764_000_000_000 + this.time;
  later = (fn: () => void, ms: number) => {
    const entry = { at: this.time + ms, fn };
    this.queue.push(entry);
    return () => { this.queue = this.queue.filter((e) => e !== entry); };
  };
  soon = (fn: () => void) => this.later(fn, 0);
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = this.queue.filter((e) => e.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.queue = this.queue.filter((e) => e !== next);
      this.time = next.at;
      next.fn();
    }
    this.time = end;
  }
}

// large-history first: its seeding blocks the loop for seconds, which would race a pooled keep-alive connection.
describe('large-history', () => {
  it('seeds 100k events of the demo mix with a few multi-megabyte payloads, links intact', async () => {
    const result = server.scenarios.largeHistory();
    console.log(`large-history: ${result.seeded} events seeded in ${result.elapsedMs.toFixed(0)} ms`);
    expect(result).toMatchObject({ conversationId: SCENARIO_IDS.largeHistory, seeded: 100_000, generation: 'v1' });
    const res = await fetch(`${server.url}/api/conversations/${SCENARIO_IDS.largeHistory}/events/count`);
    expect(await res.json()).toBe(100_000);
    const events = server.store.get(SCENARIO_IDS.largeHistory)?.events ?? [];
    const ids = new Set(events.map((e) => e.id));
    expect(ids.size).toBe(100_000);
    const outputLength = (e: Obj) => ((asObj(asObj(e['observation'])['content']) as unknown as Array<{ text?: string }> | undefined)?.[0]?.text ?? '').length;
    const big = events.filter((e) => e.kind === 'ObservationEvent' && outputLength(e) >= 3 * 1024 * 1024);
    expect(big).toHaveLength(3);
    const kinds = new Set(events.map((e) => e.kind));
    for (const kind of ['SystemPromptEvent', 'MessageEvent', 'ActionEvent', 'ObservationEvent', 'AgentErrorEvent', 'ConversationStateUpdateEvent']) {
      expect(kinds.has(kind)).toBe(true);
    }
    const dangling = events.filter((e) => typeof e['action_id'] === 'string' && !ids.has(e['action_id']));
    expect(dangling).toEqual([]);
  });

  it('runs over the admin API for a V0 conversation', async () => {
    const answer = await admin('large-history', { generation: 'v0', count: 500, bigPayloads: 1, bigPayloadBytes: 1024 });
    expect(answer.body['result']).toMatchObject({ conversationId: SCENARIO_IDS.largeHistoryV0, seeded: 500, generation: 'v0' });
    expect(server.v0.count(SCENARIO_IDS.largeHistoryV0)).toBe(500);
    const events = server.v0.after(SCENARIO_IDS.largeHistoryV0, -1);
    expect(events.map((e) => e.id)).toEqual([...Array(500).keys()]);
    const causes = events.filter((e) => typeof e['cause'] === 'number');
    expect(causes.every((e) => (e['cause'] as number) < e.id)).toBe(true);
  });
});

describe('flood', () => {
  it('delivers exactly `count` events, in order, each with its send time, on the events socket', async () => {
    // The flood conversation exists once a flood targets it; start a tiny one so the socket can subscribe.
    await server.scenarios.flood({ count: 1 }).done;
    const ready = openSocket(`${wsUrl(server.url)}/sockets/events/${SCENARIO_IDS.flood}`);
    await waitFor(() => ready.frames.length > 0, 'full_state');
    const before = Date.now();
    const handle = server.scenarios.flood({ count: 5000, rate: 'max', size: 300 });
    const result = await handle.done;
    expect(result).toMatchObject({ sent: 5000, stopped: false, conversationId: SCENARIO_IDS.flood });
    const flooded = () => ready.frames.filter((f) => floodStamp(f) !== undefined);
    await waitFor(() => flooded().length >= 5000, 'flood frames');
    expect(flooded().map((f) => floodStamp(f)?.index)).toEqual([...Array(5000).keys()]);
    const stamp = floodStamp(flooded()[0]);
    expect(stamp?.sent_at_ms).toBeGreaterThanOrEqual(before - 1);
    expect(stamp?.sent_at_ms).toBeLessThanOrEqual(Date.now());
    ready.socket.close();
  });

  it('delivers exactly `count` durable frames on the session socket with contiguous seq', async () => {
    const session = openSocket(`${wsUrl(server.url)}/sockets/session/${SCENARIO_IDS.flood}`);
    await waitFor(() => session.frames.some((f) => asObj(f)['type'] === 'sync'), 'sync');
    await server.scenarios.flood({ count: 3000 }).done;
    const durable = () => session.frames.filter((f) => asObj(f)['type'] === 'durable' && floodStamp(asObj(f)['event']));
    await waitFor(() => durable().length >= 3000, 'durable frames');
    expect(durable()).toHaveLength(3000);
    const seqs = durable().map((f) => asObj(f)['seq'] as number);
    expect(seqs.every((seq, i) => i === 0 || seq === (seqs[i - 1] ?? 0) + 1)).toBe(true);
    session.socket.close();
  });

  it('sizes each event to about `size` bytes', async () => {
    await server.scenarios.flood({ count: 3, size: 4096 }).done;
    const events = server.store.get(SCENARIO_IDS.flood)?.events ?? [];
    for (const event of events.slice(-3)) expect(Math.abs(JSON.stringify(event).length - 4096)).toBeLessThan(16);
  });

  it('paces a rated flood: event i goes out at i / rate seconds', () => {
    const timers = new ManualTimers();
    const handle = server.scenarios.flood({ count: 1000, rate: 100 }, timers);
    expect(handle.sent).toBe(1);
    timers.advance(250);
    expect(handle.sent).toBe(26);
    timers.advance(750);
    expect(handle.sent).toBe(101);
    handle.stop();
  });

  it('stop() ends a flood early and says so', async () => {
    const timers = new ManualTimers();
    const handle = server.scenarios.flood({ count: 1000, rate: 10 }, timers);
    timers.advance(500);
    handle.stop();
    const result = await handle.done;
    expect(result).toMatchObject({ sent: 6, stopped: true });
    timers.advance(10_000);
    expect(handle.sent).toBe(6);
  });

  it('rejects a bad rate and an unknown conversation', () => {
    expect(() => server.scenarios.flood({ rate: 0 })).toThrow(/rate/);
    expect(() => server.scenarios.flood({ conversationId: '00000000-0000-4000-8000-000000000000' })).toThrow(/not found/);
  });

  it('runs over the admin API, waiting for the figures when asked', async () => {
    const answer = await admin('flood', { count: 200, rate: 'max', wait: true });
    expect(answer.status).toBe(200);
    expect(answer.body['result']).toMatchObject({ sent: 200, stopped: false });
    expect((await admin('flood', { rate: -1 })).status).toBe(422);
    expect((await admin('explode', {})).status).toBe(404);
  });
});
