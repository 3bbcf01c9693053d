// The hub's commands against the real mock server, wired like the SW (Node's ws for WebSocket,
// global fetch): REST send with echo tracking, control, the conversation list, clearLog,
// sub-conversation discovery, throttled status counts, and no key anywhere in what is held.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ConnectionManager } from '../../../src/background/connection-manager';
import { runManagerCommand } from '../../../src/background/connection-manager-commands';
import { createWiredConnection } from '../../../src/background/conversation-socket-factory';
import type { Clock, WebSocketLike } from '../../../src/background/contracts';
import { memorySessionArea } from '../../fakes/memory-session-area';
import { KeyStore } from '../../../src/background/key-store';
import { createMockServer, type MockServer } from '../../../src/server/index';
import type { ConnectionStatus } from '../../../src/shared/connection';
import type { LogRecord } from '../../../src/shared/record';

const clock: Clock = { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h) };
const SECRET = 'sk-integration-secret-42';

async function until<T>(probe: () => T, what: string, ms = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let server: MockServer;
let manager: ConnectionManager;
const statuses: ConnectionStatus[] = [];
const updated: LogRecord[] = [];
const cleared: string[] = [];
const storage = new Map<string, unknown>();

beforeAll(async () => {
  server = await createMockServer({ port: 0, sessionApiKeys: [SECRET], knobs: { agentStepMs: 5, agentDeltaMs: 1 } });
  const keyStore = new KeyStore(memorySessionArea(storage));
  const fetchFn = (input: string, init?: RequestInit) => fetch(input, init);
  manager = new ConnectionManager({
    clock, keyStore, fetch: fetchFn, statusIntervalMs: 50,
    createConnection: (target, sink, getSessionKey, { initialCursor, policy }) => createWiredConnection({
      target, sink, clock, getSessionKey, initialCursor, policy: { baseMs: 50, capMs: 200, probeIntervalMs: 50, ...policy },
      fetch: fetchFn,
      createWebSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
      createSocketIo: () => { throw new Error('no V0 here'); },
    }),
    onRecord: () => undefined,
    onRecordUpdated: (r) => updated.push(r),
    onLogCleared: (k) => cleared.push(k),
    onStatus: (s) => statuses.push(s),
    onRemoved: () => undefined,
  });
});
afterAll(async () => {
  for (const key of manager.keys()) manager.detach(key);
  await server.close();
});

const run = (command: Parameters<typeof runManagerCommand>[1]) => runManagerCommand(manager, command, { fetch: (i, init) => fetch(i, init) });

describe('hub commands against the mock server', () => {
  let key = '';
  it('attaches with a key, discovers the planning sub-conversation, and broadcasts live counts', async () => {
    key = await manager.attach({ serverUrl: server.url, conversationId: server.conversations.demo, protocol: 'v1-events' }, SECRET, { policy: { echoTimeoutMs: 300 } });
    manager.subscribe(key);
    const stored = server.store.get(server.conversations.demo)!.events.length;
    await until(() => (manager.log(key)?.eventIdList().length ?? 0) >= stored, 'history');
    const planningKey = `${server.url}#${server.conversations.planning}`;
    await until(() => manager.status(planningKey), 'planning attached');
    expect(manager.status(planningKey)?.parentKey).toBe(key);
    expect(manager.status(key)?.title).toBe('Make tests/test_api.py pass');
    const latest = await until(() => statuses.filter((s) => s.key === key && s.counts.records >= stored).at(-1), 'status with counts');
    expect(latest.counts.records).toBe(manager.log(key)?.counters().records);
  });

  it('sendRest records a pending outgoing message that the server echo settles', async () => {
    const message = { role: 'user', content: [{ type: 'text', text: 'hello over REST' }] };
    const { seq } = await run({ name: 'sendRest', key, message, run: false }) as { seq: number };
    expect(manager.log(key)?.get(seq)?.outgoing).toMatchObject({ via: 'rest' });
    await until(() => manager.log(key)?.get(seq)?.outgoing?.status === 'echoed', 'echo');
    const echo = manager.log(key)?.get(manager.log(key)!.get(seq)!.outgoing!.echoSeq!);
    expect(echo).toMatchObject({ direction: 'in', kind: 'MessageEvent', source: 'user' });
    expect(updated.some((r) => r.seq === seq && r.outgoing?.status === 'echoed')).toBe(true);
  });

  it('sendRest of another role (raw mode) is sent, not left pending: nothing echoes it', async () => {
    const message = { role: 'system', content: [{ type: 'text', text: 'a system note over REST' }] };
    const { seq } = await run({ name: 'sendRest', key, message, run: false }) as { seq: number };
    // The server stores it (as an agent MessageEvent); before, the record said pending for good.
    await until(() => manager.log(key)?.since(seq).some((r) => r.direction === 'in' && r.raw.includes('a system note over REST')), 'stored');
    expect(manager.log(key)?.get(seq)?.outgoing).toEqual({ via: 'rest', status: 'sent' });
  });

  it('control answers over REST and is noted in the log', async () => {
    await expect(run({ name: 'control', key, action: 'pause' })).resolves.toBe(true);
    expect(manager.log(key)?.metaRecords().some((r) => r.summary === 'control: pause')).toBe(true);
    await expect(run({ name: 'control', key, action: 'reject', reason: 'not now' })).resolves.toBe(true);
  });

  it('listConversations uses the key from the command only', async () => {
    const listed = await run({ name: 'listConversations', serverUrl: server.url, sessionApiKey: SECRET }) as { id: string; title?: string }[];
    expect(listed.map((c) => c.id)).toContain(server.conversations.demo);
    await expect(run({ name: 'listConversations', serverUrl: server.url })).rejects.toThrow(/401/);
    await expect(run({ name: 'listConversations', serverUrl: server.url, sessionApiKey: 'wrong-key' })).rejects.not.toThrow(/wrong-key/);
  });

  it('no key in any record, meta record or status', () => {
    const held = JSON.stringify({ records: manager.log(key)?.since(-1), meta: manager.log(key)?.metaRecords(), statuses });
    expect(held).toContain('auth (key redacted)');
    expect(held).not.toContain(SECRET);
  });

  it('clearLog empties the log, tells the panels, and a replay does not bring old events back', async () => {
    const before = new Set(manager.log(key)?.eventIdList());
    await run({ name: 'clearLog', key });
    expect(manager.log(key)?.counters().records).toBe(0);
    expect(cleared).toEqual([key]);
    manager.connection(key)?.reconnectNow();
    await until(() => manager.status(key)?.state === 'open' && !manager.status(key)?.historyLoading, 'reopened');
    // Only events new since the clear (the fresh full_state snapshot) may appear.
    expect(manager.log(key)?.eventIdList().filter((id) => before.has(id))).toEqual([]);
  });
});
