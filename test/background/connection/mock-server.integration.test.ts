import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createMockServer, DEMO_IDS, type MockServer } from '../../../src/server/index';
import { createWiredConnection } from '../../../src/background/conversation-socket-factory';
import type { Clock, WebSocketLike } from '../../../src/background/contracts';
import type { DecodedFrame, LogRecord } from '../../../src/shared/record';
import { RecordingSink } from './harness';
import type { SocketPolicy } from '../../../src/background/conversation-socket-policy';

const realClock: Clock = { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h) };

/** Dedupes by event id like the hub's log, reading the id from the raw frame itself. */
class DedupingSink extends RecordingSink {
  readonly ids = new Set<string>();
  duplicates = 0;
  override appendInbound(frame: DecodedFrame, via?: 'socket' | 'rest'): LogRecord | null {
    const id = frame.eventId ?? idOf(frame.raw);
    if (id && this.ids.has(id)) {
      this.duplicates += 1;
      return null;
    }
    if (id) this.ids.add(id);
    return super.appendInbound(frame, via);
  }
  override hasEventId(id: string): boolean {
    return this.ids.has(id);
  }
}

function idOf(raw: string): string | undefined {
  try {
    const value = JSON.parse(raw) as { id?: unknown; kind?: unknown; event?: { id?: unknown } };
    const id = value.event?.id ?? (typeof value.kind === 'string' ? value.id : undefined);
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

async function until(condition: () => boolean, what: string, ms = 10000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let server: MockServer;
beforeAll(async () => {
  server = await createMockServer({ port: 0 });
});
afterAll(async () => {
  await server.close();
});

function wire(serverUrl: string, protocol: 'auto' | 'v1-events' | 'v1-session', sink: DedupingSink, policy: Partial<SocketPolicy> = { baseMs: 50, capMs: 200, probeIntervalMs: 50 }, requested: string[] = []) {
  return createWiredConnection({
    target: { serverUrl, conversationId: DEMO_IDS.demo, protocol },
    sink,
    clock: realClock,
    fetch: (input, init) => {
      requested.push(String(input));
      return fetch(input, init);
    },
    createWebSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
    createSocketIo: () => {
      throw new Error('V0 not used here');
    },
    getSessionKey: async () => undefined,
    policy,
  });
}

describe('auto and the watchdog against the mock server', () => {
  it('auto picks the generation from /server_info and notes it in the log', async () => {
    const sink = new DedupingSink();
    const connection = wire(server.url, 'auto', sink);
    try {
      connection.start();
      await until(() => connection.status().state === 'open', 'open');
      const note = sink.metas.find((m) => m.type === 'note' && m.message.startsWith('auto protocol'));
      expect(note).toBeDefined();
      expect(connection.status().generation).toMatch(/^v1-/);
    } finally {
      connection.dispose();
    }
  });

  it('auto asks again when the server did not answer, instead of settling on V0 for good', async () => {
    const sink = new DedupingSink();
    let reachable = false;
    const connection = createWiredConnection({
      target: { serverUrl: server.url, conversationId: DEMO_IDS.demo, protocol: 'auto' },
      sink, clock: realClock,
      // Like a server still starting (or a network blip) when the conversation was attached.
      fetch: (input, init) => (reachable ? fetch(input, init) : Promise.reject(new TypeError('Failed to fetch'))),
      createWebSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
      createSocketIo: () => { throw new Error('a V1 server has no Socket.IO'); },
      getSessionKey: async () => undefined,
      policy: { baseMs: 50, capMs: 200, probeIntervalMs: 1e9 },
    });
    try {
      connection.start();
      await until(() => sink.metas.some((m) => m.type === 'error' && m.message.includes('the server did not answer')), 'the first attempt fails');
      expect(connection.status().generation).toBeUndefined();
      reachable = true;
      await until(() => connection.status().state === 'open', 'open');
      expect(connection.status().generation).toMatch(/^v1-/);
    } finally {
      connection.dispose();
    }
  });

  it('a handshake that hangs is abandoned by the watchdog and retried', async () => {
    const sink = new DedupingSink();
    const connection = wire(server.hangUrl, 'v1-events', sink, { baseMs: 50, capMs: 200, probeIntervalMs: 1e9, handshakeTimeoutMs: 300 });
    try {
      connection.start();
      await until(() => sink.metas.some((m) => m.type === 'transition' && m.cause === 'handshake timeout'), 'watchdog');
    } finally {
      connection.dispose();
    }
  });
});

describe.each(['v1-events', 'v1-session'] as const)('%s against the mock server', (protocol) => {
  it('receives history, survives a drop, and holds every server event (nothing lost)', async () => {
    const conversationId = DEMO_IDS.demo;
    const serverIds = () => (server.store.get(conversationId)?.events ?? []).map((e) => e.id);
    const sink = new DedupingSink();
    const connection = wire(server.url, protocol, sink);
    try {
      connection.start();
      await until(() => serverIds().every((id) => sink.ids.has(id)), 'history');
      expect(server.faults.drop(conversationId)).toBeGreaterThan(0);
      server.store.append(conversationId, { kind: 'PauseEvent', source: 'user' });
      await until(() => sink.transitions().filter((t) => t.endsWith('>open')).length >= 2, 'reconnect');
      await until(() => serverIds().every((id) => sink.ids.has(id)), 'events after the drop');
      expect(serverIds().filter((id) => !sink.ids.has(id))).toEqual([]);
      expect(connection.status().state).toBe('open');
    } finally {
      connection.dispose();
    }
  });
});

describe('v1-events reconciliation after a reconnect', () => {
  const conversationId = DEMO_IDS.demo;
  const serverIds = () => (server.store.get(conversationId)?.events ?? []).map((e) => e.id);

  async function reconnectWith(duringOutage: () => void): Promise<{ sink: DedupingSink; requested: string[] }> {
    const sink = new DedupingSink();
    const requested: string[] = [];
    const connection = wire(server.url, 'v1-events', sink, undefined, requested);
    try {
      connection.start();
      await until(() => serverIds().every((id) => sink.ids.has(id)), 'history');
      requested.length = 0;
      expect(server.faults.drop(conversationId)).toBeGreaterThan(0);
      duringOutage();
      await until(() => sink.transitions().filter((t) => t.endsWith('>open')).length >= 2, 'reconnect');
      await until(() => serverIds().every((id) => sink.ids.has(id)), 'every stored event');
      await until(() => requested.some((url) => url.includes('/events/count')), 'the count request');
      return { sink, requested };
    } finally {
      connection.dispose();
    }
  }

  it('asks one count and searches nothing when no event before the resume point is missing', async () => {
    const { requested } = await reconnectWith(() => server.store.append(conversationId, { kind: 'PauseEvent', source: 'user' }));
    expect(requested.filter((url) => url.includes('/events/count?timestamp__lt=')).length).toBeGreaterThanOrEqual(1);
    expect(requested.filter((url) => url.includes('/events/search'))).toEqual([]);
  });

  it('searches over REST when the server stored an older event the socket never delivered', async () => {
    const oldest = server.store.get(conversationId)!.events[0]!;
    const late = { id: crypto.randomUUID(), timestamp: oldest.timestamp, kind: 'PauseEvent', source: 'user' };
    const { sink, requested } = await reconnectWith(() => server.store.persistQuietly(conversationId, late as never));
    expect(sink.ids.has(late.id)).toBe(true);
    expect(requested.some((url) => url.includes('/events/search'))).toBe(true);
  });
});
