// A restarted SW: the wired connection gets the persisted cursor, rebuilds the log over REST up
// to it, and the socket asks with that cursor (no full replay), for both V1 sockets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createWiredConnection } from '../../../src/background/conversation-socket-factory';
import type { Clock, ResumeCursor, WebSocketLike } from '../../../src/background/contracts';
import { EventLog } from '../../../src/background/event-log';
import { createConversationSink } from '../../../src/background/connection-sink';
import { createMockServer, DEMO_IDS, type MockServer } from '../../../src/server/index';

const clock: Clock = { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h) };

async function until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let server: MockServer;
beforeAll(async () => { server = await createMockServer({ port: 0 }); });
afterAll(async () => { await server.close(); });

/** `restGate`: REST searches wait for it (to see what the connection does before history is in). */
function restoreWith(protocol: 'v1-events' | 'v1-session', initialCursor: ResumeCursor, restGate?: Promise<void>, conversationId: string = DEMO_IDS.demo) {
  const urls: string[] = [];
  const parts = createConversationSink({
    key: 'k', target: { serverUrl: server.url, conversationId, protocol }, clock,
    onRecord: () => undefined, onRecordUpdated: () => undefined, onSocketStatus: () => undefined,
  });
  const connection = createWiredConnection({
    target: { serverUrl: server.url, conversationId, protocol }, sink: parts.sink, clock, initialCursor,
    fetch: async (i, init) => {
      if (restGate !== undefined && String(i).includes('/events/search')) await restGate;
      return fetch(i, init);
    },
    createWebSocket: (url) => { urls.push(url); return new WebSocket(url) as unknown as WebSocketLike; },
    createSocketIo: () => { throw new Error('no V0'); },
    getSessionKey: async () => undefined,
  });
  return { log: parts.log as EventLog, connection, urls };
}

describe('resume after an SW restart', () => {
  const history = () => server.store.get(DEMO_IDS.demo)!.events.map((e) => e.id);

  it('v1-session: REST up to after_seq, then the socket from after_seq', async () => {
    const ids = history();
    const { log, connection, urls } = restoreWith('v1-session', { generation: 'v1-session', afterSeq: 5, recentIds: [] });
    connection.start();
    await until(() => log.eventIdList().length >= ids.length && !connection.status().historyLoading, 'history');
    expect(new URL(urls[0]!).searchParams.get('after_seq')).toBe('5');
    // Persisted events exactly once and in log order (the transient full_state snapshot aside).
    expect(log.eventIdList().filter((id) => ids.includes(id))).toEqual(ids);
    expect(log.counters().duplicates).toBe(0);
    connection.dispose();
  });

  it('the socket does not wait for the rebuild: live events flow while history is still loading', async () => {
    const events = server.store.get(DEMO_IDS.demo)!.events;
    let openRest: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => { openRest = resolve; });
    const anchor = events[4]!;
    const { log, connection } = restoreWith('v1-events', { generation: 'v1-events', afterTimestamp: anchor.timestamp, recentIds: [anchor.id] }, gate);
    connection.start();
    // With REST held back, the socket still opens and replays what came after the cursor.
    await until(() => connection.status().state === 'open' && log.hasEventId(events.at(-1)!.id), 'the socket open, its replay in the log');
    expect(connection.status().historyLoading).toBe(true);
    expect(log.hasEventId(events[0]!.id)).toBe(false);
    openRest();
    await until(() => events.every((e) => log.hasEventId(e.id)) && !connection.status().historyLoading, 'the rebuilt history');
    const ids = events.map((e) => e.id);
    expect(log.eventIdList().filter((id) => ids.includes(id))).toEqual(ids); // placed before the live ones
    connection.dispose();
  });

  it('v1-events: REST up to the timestamp, then resend_mode=since from it', async () => {
    const events = server.store.get(DEMO_IDS.demo)!.events;
    const anchor = events[4]!;
    const { log, connection, urls } = restoreWith('v1-events', { generation: 'v1-events', afterTimestamp: anchor.timestamp, recentIds: [anchor.id] });
    connection.start();
    await until(() => events.every((e) => log.hasEventId(e.id)) && connection.status().state === 'open' && !connection.status().historyLoading, 'history');
    const url = new URL(urls[0]!);
    expect(url.searchParams.get('resend_mode')).toBe('since');
    expect(url.searchParams.get('after_timestamp')).toBe(anchor.timestamp);
    const held = log.eventIdList();
    expect(new Set(held).size).toBe(held.length);
    const ids = events.map((e) => e.id);
    expect(held.filter((id) => ids.includes(id))).toEqual(ids);
    connection.dispose();
  });

  it('v1-events: an event stored out of timestamp order before the cursor is restored too', async () => {
    const conversation = server.store.create({ generation: 'v1', title: 'out of order' });
    for (let i = 0; i < 5; i += 1) server.store.append(conversation.id, { kind: 'ConversationStateUpdateEvent', source: 'environment', key: 'tags', value: { seed: i } });
    // Log order e1 e2 e3 e4 e5, timestamps t1 t4 t2 t3 t5 (§1.4: log order only mostly follows time).
    const events = server.store.get(conversation.id)!.events;
    events.forEach((event, i) => { event.timestamp = `2026-01-01T00:00:0${[1, 4, 2, 3, 5][i]}.000000`; });
    const cursorEvent = events[3]!; // t3: the socket resumes with every event at or after it
    const { log, connection } = restoreWith('v1-events', { generation: 'v1-events', afterTimestamp: cursorEvent.timestamp, recentIds: [cursorEvent.id] }, undefined, conversation.id);
    connection.start();
    await until(() => connection.status().state === 'open' && !connection.status().historyLoading, 'restored');
    await until(() => events.every((e) => log.hasEventId(e.id)), 'every event');
    // Before: read oldest first, the rebuild stopped at e2 (t4 > t3) and e3 (t2) was never loaded.
    const held = log.eventIdList();
    expect(new Set(held).size).toBe(held.length);
    expect(log.counters().duplicates).toBe(0);
    connection.dispose();
  });
});
