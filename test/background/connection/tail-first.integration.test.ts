// History newest-first, against the real mock server with the extension's own connection code:
// a conversation above the threshold shows its newest events before anything older, the older
// ones are backfilled over REST and placed before them, and in the end the log holds every
// stored event exactly once, in the server's order, with history marked loaded only then.
import { WebSocket } from 'ws';
import { io } from 'socket.io-client';
import type { SocketIoLike } from '../../../src/background/adapters/v0-socketio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock, ConversationSink, SocketStatus, WebSocketLike } from '../../../src/background/contracts';
import { createWiredConnection } from '../../../src/background/conversation-socket-factory';
import { EventLog } from '../../../src/background/event-log';
import { createMockServer, type MockServer, type NewEvent, type V0Draft } from '../../../src/server/index';
import type { LogRecord } from '../../../src/shared/record';

const realClock: Clock = { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h) };
const STORED = 2_500;

let server: MockServer;
beforeAll(async () => { server = await createMockServer({ port: 0, knobs: { agentStepMs: 60_000 } }); });
afterAll(async () => { await server?.close(); });

function seed(count: number): string {
  const drafts = server.store.get(server.conversations.demo)!.events.map(({ id: _id, timestamp: _ts, ...rest }) => rest as NewEvent);
  const conversation = server.store.create({ generation: 'v1', title: 'large' });
  for (let i = 0; i < count; i += 1) server.store.persistQuietly(conversation.id, server.store.complete(drafts[i % drafts.length]!));
  return conversation.id;
}

async function until(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function capture(conversationId: string, protocol: 'v1-events' | 'v1-session', tailFirstAbove: number | undefined) {
  /** Event ids in the order they reached the log (appended or prepended). */
  const arrivals: string[] = [];
  const prepends: number[] = [];
  const statuses: SocketStatus[] = [];
  const log = new EventLog({
    conversationKey: 'k', protocol, now: () => Date.now(),
    onAppend: (r) => { if (r.direction === 'in' && r.eventId) arrivals.push(r.eventId); },
    onPrepend: (rs) => { prepends.push(rs.length); for (const r of rs) if (r.eventId) arrivals.push(r.eventId); },
  });
  const sink: ConversationSink = Object.assign(log, { statusChanged: (s: SocketStatus) => { statuses.push(s); } });
  const requested: string[] = [];
  /** REST paths asked, in order, each with the number of events the log held when it was asked. */
  const fetched: { path: string; heldEvents: number }[] = [];
  const connection = createWiredConnection({
    target: { serverUrl: server.url, conversationId, protocol }, sink, clock: realClock,
    ...(tailFirstAbove === undefined ? {} : { tailFirstAbove }),
    fetch: (input, init) => {
      const url = new URL(String(input));
      fetched.push({ path: url.pathname + url.search, heldEvents: arrivals.length });
      return fetch(input, init);
    },
    createWebSocket: (url) => { requested.push(url); return new WebSocket(url) as unknown as WebSocketLike; },
    createSocketIo: () => { throw new Error('not V0'); },
    getSessionKey: async () => undefined,
  });
  connection.start();
  const events = (): LogRecord[] => log.since(-Infinity).filter((r) => r.direction === 'in' && r.eventId !== undefined && r.stateKey !== 'full_state');
  return { log, arrivals, prepends, statuses, requested, fetched, events, stop: () => connection.dispose() };
}

describe.each(['v1-events', 'v1-session'] as const)('%s history newest-first', (protocol) => {
  it(`a ${STORED}-event conversation: newest first, older backfilled before them, all once in order`, async () => {
    const id = seed(STORED);
    const stored = server.store.get(id)!.events.map((e) => e.id);
    const c = capture(id, protocol, 1_000);
    try {
      await until(() => c.events().length >= STORED, 'every stored event');
      await until(() => c.statuses.some((s) => s.state === 'open') && c.statuses.at(-1)?.historyLoading === false, 'history loaded');
      // Newest first: the newest stored event reached the log before the oldest did (v1-events
      // shows the REST tail before the socket opens; the session socket's replay races the
      // backfill's first pages, so only the set is certain there).
      expect(c.arrivals.indexOf(stored.at(-1)!)).toBeLessThan(c.arrivals.indexOf(stored[0]!));
      if (protocol === 'v1-events') expect(c.arrivals.slice(0, 100)).toEqual(stored.slice(-100));
      // The socket did not replay everything: it started at the newest events.
      expect(c.requested[0]).toMatch(protocol === 'v1-events' ? /resend_mode=since&after_timestamp=/ : new RegExp(`after_seq=${STORED - 101}`));
      expect(c.prepends.reduce((a, b) => a + b, 0)).toBe(STORED - 100);
      // Finally: the server's order, each event once, seqs still strictly increasing.
      expect(c.events().map((r) => r.eventId)).toEqual(stored);
      const seqs = c.log.since(-Infinity).map((r) => r.seq);
      expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)).toBe(true);
      expect(c.log.counters().gaps).toBe(0);
    } finally {
      c.stop();
    }
  });

  it('a conversation at or below the threshold replays over the socket as before', async () => {
    const id = seed(300);
    const c = capture(id, protocol, 1_000);
    try {
      await until(() => c.events().length >= 300, 'every stored event');
      expect(c.prepends).toEqual([]);
      expect(c.requested[0]).toMatch(protocol === 'v1-events' ? /resend_mode=all/ : /after_seq=-1/);
    } finally {
      c.stop();
    }
  });
});

describe('v1-events: which conversations load newest-first by default', () => {
  const unfilteredCount = (path: string) => /\/events\/count$/.test(path);

  it('one longer than a page: the newest page shows first, decided without a count request', async () => {
    const id = seed(300);
    const stored = server.store.get(id)!.events.map((e) => e.id);
    const c = capture(id, 'v1-events', undefined);
    try {
      await until(() => c.events().length >= 300 && c.statuses.at(-1)?.historyLoading === false, 'every stored event, history loaded');
      expect(c.arrivals.slice(0, 100)).toEqual(stored.slice(-100));
      expect(c.requested[0]).toMatch(/resend_mode=since&after_timestamp=/);
      expect(c.prepends.reduce((a, b) => a + b, 0)).toBe(200);
      expect(c.events().map((r) => r.eventId)).toEqual(stored);
      // The first view waited for the slower of two answers when a count went with the page.
      expect(c.fetched.filter((f) => unfilteredCount(f.path))).toEqual([]);
    } finally {
      c.stop();
    }
  });

  it('one that fits in a page: replayed over the socket, still without a count request', async () => {
    const id = seed(100);
    const c = capture(id, 'v1-events', undefined);
    try {
      await until(() => c.events().length >= 100, 'every stored event');
      expect(c.prepends).toEqual([]);
      expect(c.requested[0]).toMatch(/resend_mode=all/);
      expect(c.fetched.filter((f) => unfilteredCount(f.path))).toEqual([]);
    } finally {
      c.stop();
    }
  });

  it('a threshold above one page still counts: the count is asked with the page, before any event is shown', async () => {
    const id = seed(1_200);
    const c = capture(id, 'v1-events', 1_000);
    try {
      await until(() => c.events().length >= 1_200, 'every stored event');
      expect(c.requested[0]).toMatch(/resend_mode=since/);
      const counts = c.fetched.filter((f) => unfilteredCount(f.path));
      expect(counts).toHaveLength(1);
      expect(counts[0]!.heldEvents).toBe(0);
    } finally {
      c.stop();
    }
  });
});

describe('v0-socketio history newest-first (V0 event REST)', () => {
  function seedV0(count: number): string {
    const drafts = server.v0.after(server.conversations.v0demo, -1).map(({ id: _id, timestamp: _ts, ...rest }) => rest as V0Draft);
    const conversation = server.store.create({ generation: 'v0', title: 'large v0' });
    for (let i = 0; i < count; i += 1) server.v0.persistQuietly(conversation.id, drafts[i % drafts.length]!);
    return conversation.id;
  }

  function captureV0(conversationId: string, tailFirstAbove: number, fetchFn: typeof fetch = (input, init) => fetch(input, init)) {
    const arrivals: string[] = [];
    const prepends: number[] = [];
    const statuses: SocketStatus[] = [];
    const log = new EventLog({
      conversationKey: 'k', protocol: 'v0-socketio', now: () => Date.now(),
      onAppend: (r) => { if (r.direction === 'in' && r.eventId) arrivals.push(r.eventId); },
      onPrepend: (rs) => { prepends.push(rs.length); for (const r of rs) if (r.eventId) arrivals.push(r.eventId); },
    });
    const sink: ConversationSink = Object.assign(log, { statusChanged: (s: SocketStatus) => { statuses.push(s); } });
    const latestEventIds: string[] = [];
    const connection = createWiredConnection({
      target: { serverUrl: server.url, conversationId, protocol: 'v0-socketio' }, sink, clock: realClock, tailFirstAbove,
      fetch: (input, init) => fetchFn(input, init),
      createWebSocket: () => { throw new Error('V0 only'); },
      createSocketIo: (origin, options) => { latestEventIds.push(options.query['latest_event_id'] ?? ''); return io(origin, options) as unknown as SocketIoLike; },
      getSessionKey: async () => undefined,
    });
    connection.start();
    const events = (): LogRecord[] => log.since(-Infinity).filter((r) => r.direction === 'in' && r.eventId !== undefined);
    return { log, arrivals, prepends, statuses, latestEventIds, events, stop: () => connection.dispose() };
  }

  it(`a ${STORED}-event conversation: the newest page first, the socket after it, older ones prepended, all once in order`, async () => {
    const id = seedV0(STORED);
    const stored = server.v0.after(id, -1).map((e) => String(e.id));
    const c = captureV0(id, 1_000);
    try {
      await until(() => c.events().length >= STORED, 'every stored event');
      await until(() => c.statuses.some((s) => s.state === 'open') && c.statuses.at(-1)?.historyLoading === false, 'history loaded');
      expect(c.arrivals.slice(0, 100)).toEqual(stored.slice(-100));
      expect(c.latestEventIds[0]).toBe(stored.at(-1));
      expect(c.prepends.reduce((a, b) => a + b, 0)).toBe(STORED - 100);
      expect(c.events().map((r) => r.eventId)).toEqual(stored);
      // Live events still arrive over the socket, once.
      const live = server.v0.append(id, { source: 'agent', message: 'live', action: 'message', args: { content: 'live' } });
      await until(() => c.events().some((r) => r.eventId === String(live.id)), 'a live event');
      expect(c.events().filter((r) => r.eventId === String(live.id))).toHaveLength(1);
    } finally {
      c.stop();
    }
  });

  it('a server without the V0 event REST: a note says so and the socket replays everything', async () => {
    const id = seedV0(1_500);
    const without404: typeof fetch = async (input, init) => (String(input).includes('/events?')
      ? new Response('{"detail":"Not Found"}', { status: 404 }) : fetch(input, init));
    const c = captureV0(id, 1_000, without404);
    try {
      await until(() => c.statuses.some((s) => s.state === 'open') && c.events().length > 0, 'the replay');
      expect(c.latestEventIds[0]).toBe('-1');
      expect(c.log.since(-Infinity).some((r) => r.meta?.type === 'note' && /newest-first history unavailable .*HTTP 404.*replaying everything/.test(r.meta.message))).toBe(true);
    } finally {
      c.stop();
    }
  });

  it('a conversation at or below the threshold replays over the socket as before', async () => {
    const id = seedV0(300);
    const c = captureV0(id, 1_000);
    try {
      await until(() => c.statuses.some((s) => s.state === 'open') && c.events().length > 0, 'the replay');
      expect(c.latestEventIds[0]).toBe('-1');
      expect(c.prepends).toEqual([]);
    } finally {
      c.stop();
    }
  });
});
