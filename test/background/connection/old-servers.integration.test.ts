// `auto` against servers of older releases (§0.2): the mock offers what the `version` it reports
// had, so the extension's old-server paths meet a peer that refuses what that release refused.
// 1.10.0: events socket with `resend_all` only, the key only in the handshake.
// 1.20.0: events socket with `resend_mode=since`, first-message auth; no session socket yet.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createMockServer, DEMO_IDS, type MockServer } from '../../../src/server/index';
import { createWiredConnection } from '../../../src/background/conversation-socket-factory';
import type { WebSocketLike } from '../../../src/background/contracts';
import { DedupingSink, realClock } from './harness';
import { waitFor } from '../../server/ws-client';

const KEY = 'old-server-key';
const until = (condition: () => boolean, what: string) => waitFor(condition, what, 10_000);

let server: MockServer | undefined;
afterEach(async () => { await server?.close(); server = undefined; });

/** Attaches the demo conversation with `auto` and the key (null: none); records each socket's URL and what the client sent on it. */
function attach(target: MockServer, sink: DedupingSink, key: string | null = KEY) {
  const sockets: Array<{ url: string; sent: string[] }> = [];
  const connection = createWiredConnection({
    target: { serverUrl: target.url, conversationId: DEMO_IDS.demo, protocol: 'auto' },
    sink, clock: realClock,
    fetch: (input, init) => fetch(input, init),
    createWebSocket: (url) => {
      const ws = new WebSocket(url);
      const record = { url, sent: [] as string[] };
      sockets.push(record);
      const send = ws.send.bind(ws);
      ws.send = ((data: string) => { record.sent.push(data); send(data); }) as typeof ws.send;
      return ws as unknown as WebSocketLike;
    },
    createSocketIo: () => { throw new Error('a V1 server has no Socket.IO'); },
    getSessionKey: async () => key ?? undefined,
    policy: { baseMs: 50, capMs: 200, probeIntervalMs: 50 },
  });
  return { connection, sockets };
}

/**
 * Against a server reporting `version`: opens, takes the history, loses the socket while the
 * server stores more, resumes. Every stored event is held, none twice; returns what went over the wire.
 */
async function connectDropResume(version: string) {
  const target = await createMockServer({ version, sessionApiKeys: [KEY] });
  server = target;
  const sink = new DedupingSink();
  const { connection, sockets } = attach(target, sink);
  const serverIds = () => (target.store.get(DEMO_IDS.demo)?.events ?? []).map((e) => e.id);
  try {
    connection.start();
    await until(() => serverIds().every((id) => sink.ids.has(id)), 'the history');
    expect(connection.status()).toMatchObject({ state: 'open', generation: 'v1-events' });
    expect(target.faults.drop(DEMO_IDS.demo)).toBe(1);
    target.store.append(DEMO_IDS.demo, { kind: 'PauseEvent', source: 'user' });
    await until(() => sink.transitions().filter((t) => t.endsWith('>open')).length >= 2, 'the reconnect');
    await until(() => serverIds().every((id) => sink.ids.has(id)), 'the event stored while away');
    const live = target.store.append(DEMO_IDS.demo, { kind: 'PauseEvent', source: 'user' });
    await until(() => sink.ids.has(live.id), 'a live event after the resume');
    expect(serverIds().filter((id) => !sink.ids.has(id))).toEqual([]);
    expect(connection.status().state).toBe('open');
    expect(sockets.length).toBeGreaterThanOrEqual(2);
    return { sink, sockets };
  } finally {
    connection.dispose();
  }
}

describe('auto against old agent servers', () => {
  it('1.10.0: the key in the handshake, resend_all on every open, duplicates of the replay dropped', async () => {
    const { sink, sockets } = await connectDropResume('1.10.0');
    for (const { url, sent } of sockets) {
      const query = new URL(url).searchParams;
      expect(query.get('resend_all')).toBe('true');
      expect(query.has('resend_mode')).toBe(false);
      expect(query.get('session_api_key')).toBe(KEY);
      expect(sent.filter((text) => text.includes('"auth"'))).toEqual([]);
    }
    // resend_all replays everything again on the reconnect: the log keeps each event once.
    expect(sink.duplicates).toBeGreaterThan(0);
  });

  it('1.20.0: no key in any URL, the auth frame first, resend_mode=since from the newest event on the reconnect', async () => {
    const { sockets } = await connectDropResume('1.20.0');
    for (const { url, sent } of sockets) {
      expect(new URL(url).searchParams.has('session_api_key')).toBe(false);
      expect(JSON.parse(sent[0] ?? '{}')).toEqual({ type: 'auth', session_api_key: KEY });
    }
    expect(new URL(sockets[0]!.url).searchParams.get('resend_mode')).toBe('all');
    const resumed = new URL(sockets[1]!.url).searchParams;
    expect(resumed.get('resend_mode')).toBe('since');
    expect(resumed.get('after_timestamp')).toBeTruthy();
  });

  it('1.10.0 without a key: fails at once saying a key is needed, where its handshake refusal (1006) was retried for ever', async () => {
    const target = await createMockServer({ version: '1.10.0', sessionApiKeys: [KEY] });
    server = target;
    const { connection, sockets } = attach(target, new DedupingSink(), null);
    try {
      connection.start();
      await until(() => connection.status().state === 'failed', 'failed');
      expect(connection.status().failedReason).toBe('the server needs a session key (REST answered 401 without one): attach again with the key');
      expect(sockets).toEqual([]);
    } finally {
      connection.dispose();
    }
  });
});
