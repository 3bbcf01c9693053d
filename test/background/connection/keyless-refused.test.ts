// Attaching to a server that wants a session key, without one: its REST refused every request
// (401), yet the connection opened its socket, showed "open / CONNECTED / loading history…" and
// waited the server's 10 s auth deadline for the 4001 (an older server refused the handshake,
// and the connection retried it for ever). Now a V1 server that refuses keyless REST fails the
// connection at once, in the 4001's words; a keyless socket
// that is open says it waits for authentication until the server sends something.
import { describe, expect, it, vi } from 'vitest';
import { createWiredConnection } from '../../../src/background/conversation-socket-factory';
import type { FetchLike } from '../../../src/background/contracts';
import type { ProtocolChoice } from '../../../src/shared/protocol/generation';
import { FakeClock } from '../../fakes/fake-clock';
import { fakeWebSocketFactory } from '../../fakes/fake-websocket';
import { flush, RecordingSink, setup } from './harness';

const settle = async () => { for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r)); };
const NEEDS_KEY = /^the server needs a session key \(REST answered 401 without one\): attach again with the key$/;

/** A keyed agent server (1.50: session socket, first-message auth): /api answers 401 to a request without the key. */
function keyedServer(version = '1.50.0'): FetchLike {
  return async (url, init) => {
    const path = new URL(url).pathname;
    if (path === '/server_info') return Response.json({ version });
    if (path === '/alive') return Response.json({ status: 'ok' });
    const headers = (init?.headers ?? {}) as Record<string, string>;
    if (headers['X-Session-API-Key'] !== 'k3y') return Response.json({ detail: 'Unauthorized' }, { status: 401 });
    if (path.endsWith('/events/count')) return Response.json(0);
    if (path.endsWith('/events/search')) return Response.json({ items: [], next_page_id: null });
    return Response.json({ id: '00000000-0000-4000-8000-0000000000c1' });
  };
}

function connect(fetch: FetchLike, protocol: ProtocolChoice = 'auto', key: { value: string | undefined } = { value: undefined }) {
  const clock = new FakeClock();
  const sink = new RecordingSink();
  const sockets = fakeWebSocketFactory();
  const connection = createWiredConnection({
    target: { serverUrl: 'http://127.0.0.1:8000', conversationId: '00000000-0000-4000-8000-0000000000c1', protocol },
    sink, clock, fetch: vi.fn(fetch), createWebSocket: sockets.create,
    createSocketIo: () => { throw new Error('unused'); },
    getSessionKey: async () => key.value, random: () => 0.5,
  });
  return { clock, sink, sockets, connection, key };
}

describe('a keyless connection to a server that wants a key', () => {
  it.each<ProtocolChoice>(['auto', 'v1-events', 'v1-session'])('fails at once with the 4001 wording when REST refuses it (%s), and opens no socket', async (protocol) => {
    const { sink, sockets, connection } = connect(keyedServer(), protocol);
    connection.start();
    await settle();
    expect(connection.status()).toMatchObject({ state: 'failed', failedReason: expect.stringMatching(NEEDS_KEY) });
    expect(sockets.sockets).toHaveLength(0);
    // Not "replaying everything": nothing is replayed.
    expect(sink.metas.some((m) => m.type === 'note' && m.message.includes('newest-first history unavailable'))).toBe(false);
  });

  it('attaching again with the key connects and sends it in the auth frame', async () => {
    const { sockets, connection, key } = connect(keyedServer());
    connection.start();
    await settle();
    expect(connection.status().state).toBe('failed');
    key.value = 'k3y';
    connection.reconnectNow();
    await settle();
    sockets.last().serverOpen();
    expect(sockets.last().sent[0]).toBe(JSON.stringify({ type: 'auth', session_api_key: 'k3y' }));
    expect(connection.status()).toMatchObject({ state: 'open', failedReason: undefined });
    expect(connection.status().awaitingAuth).toBeFalsy();
  });

  it('Retry without a key asks the server again rather than failing on what it said before', async () => {
    let refuse = true;
    const server = keyedServer();
    const fetch: FetchLike = async (url, init) => (refuse ? server(url, init) : server(url, { ...init, headers: { 'X-Session-API-Key': 'k3y' } }));
    const { sockets, connection } = connect(fetch);
    connection.start();
    await settle();
    expect(connection.status().state).toBe('failed');
    refuse = false; // the server was restarted without keys
    connection.reconnectNow();
    await settle();
    expect(sockets.sockets).toHaveLength(1);
    sockets.last().serverOpen();
    expect(connection.status()).toMatchObject({ state: 'open' });
    expect(connection.status().awaitingAuth).toBeFalsy(); // its REST answered without a key
  });

  it('a server older than first-message auth fails the same way: its handshake would refuse a keyless socket (1006) on every retry', async () => {
    const { connection, sockets } = connect(keyedServer('1.15.0'));
    connection.start();
    await settle();
    expect(connection.status()).toMatchObject({ state: 'failed', failedReason: expect.stringMatching(NEEDS_KEY) });
    expect(sockets.sockets).toHaveLength(0);
  });

  it('the real 4001 still fails with its own words', async () => {
    // A server whose REST answered nothing useful (down, a proxy): no early verdict.
    const { connection, sockets } = connect(async (url) => (new URL(url).pathname === '/server_info' ? Response.json({ version: '1.50.0' }) : new Response('', { status: 502 })));
    connection.start();
    await settle();
    sockets.last().serverOpen();
    expect(connection.status()).toMatchObject({ state: 'open', awaitingAuth: true });
    sockets.last().serverClose(4001, 'Authentication failed');
    expect(connection.status()).toMatchObject({
      state: 'failed', failedReason: 'the server needs a session key (4001 Authentication failed): attach again with the key',
    });
  });
});

describe('a keyless socket on a server with first-message auth', () => {
  it('waits for authentication until the first frame, and says nothing of the sort once one came or with a key', async () => {
    const h = setup({ getSessionKey: async () => undefined });
    h.connection.start();
    await flush();
    h.sockets.last().serverOpen();
    expect(h.connection.status()).toMatchObject({ state: 'open', awaitingAuth: true });
    h.sockets.last().serverSend({ kind: 'PauseEvent', id: 'e1' });
    expect(h.connection.status().awaitingAuth).toBeFalsy();
    expect(h.sink.statuses.at(-1)?.awaitingAuth).toBeFalsy();

    const keyed = setup();
    keyed.connection.start();
    await flush();
    keyed.sockets.last().serverOpen();
    expect(keyed.connection.status().awaitingAuth).toBeFalsy();
  });

  it('stops waiting when the socket closes', async () => {
    const h = setup({ getSessionKey: async () => undefined, policy: { probeIntervalMs: 1e9 } });
    h.connection.start();
    await flush();
    h.sockets.last().serverOpen();
    h.sockets.last().serverClose(1006);
    expect(h.connection.status()).toMatchObject({ state: 'backoff' });
    expect(h.connection.status().awaitingAuth).toBeFalsy();
  });
});
