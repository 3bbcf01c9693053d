// `version` is what /server_info reports, and the mock offers what that release had (§0.2;
// thresholds in src/shared/protocol/server-versions.ts, which the extension's `auto` reads too):
// the session socket from 1.45.0, first-message auth from 1.18.0, `resend_mode` from 1.14.0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/server/index';
import { asObj, openSocket, waitFor, wsUrl } from './ws-client';

const KEY = 'k';
const servers: MockServer[] = [];
afterAll(async () => { await Promise.all(servers.map((s) => s.close())); });
async function serverOf(version: string): Promise<MockServer> {
  const server = await createMockServer({ version, sessionApiKeys: [KEY], knobs: { interleaveReplay: false, demoAgent: false } });
  servers.push(server);
  return server;
}
const socketUrl = (server: MockServer, path: 'events' | 'session', query = '') => `${wsUrl(server.url)}/sockets/${path}/${server.conversations.demo}${query}`;
const kindOf = (frame: unknown) => String(asObj(frame)['kind']);

/** The frames of an events socket up to a live event appended once it is subscribed: with interleaving off, any replay comes before it. */
async function framesUntilLive(server: MockServer, query: string): Promise<string[]> {
  const client = openSocket(socketUrl(server, 'events', query));
  try {
    await waitFor(() => client.frames.length > 0, 'full_state');
    const live = server.store.append(server.conversations.demo, { kind: 'PauseEvent', source: 'user' });
    await waitFor(() => client.frames.some((f) => asObj(f)['id'] === live.id), 'the live event');
    return client.frames.map((f) => (asObj(f)['id'] === live.id ? 'live' : kindOf(f)));
  } finally {
    client.socket.close();
  }
}

describe('a server reporting 1.10.0', () => {
  let server: MockServer;
  beforeAll(async () => { server = await serverOf('1.10.0'); });

  it('reports it in /server_info', async () => {
    expect(await (await fetch(`${server.url}/server_info`)).json()).toMatchObject({ version: '1.10.0' });
  });

  it('has no session socket: the handshake fails even with a valid key', async () => {
    expect(await openSocket(socketUrl(server, 'session', `?after_seq=-1&session_api_key=${KEY}`)).opened).toBe(false);
  });

  it('refuses a keyless handshake to a keyed server before accept (no first-message auth yet)', async () => {
    expect(await openSocket(socketUrl(server, 'events')).opened).toBe(false);
  });

  it('takes the key in the query, and treats an auth frame as a message that fails validation', async () => {
    const client = openSocket(socketUrl(server, 'events', `?session_api_key=${KEY}`));
    await waitFor(() => client.frames.length > 0, 'full_state');
    client.socket.send(JSON.stringify({ type: 'auth', session_api_key: KEY }));
    await waitFor(() => client.frames.length > 1, 'the answer to the auth frame');
    client.socket.close();
    expect(asObj(client.frames[1])).toMatchObject({ kind: 'ServerErrorEvent', code: 'ValidationError' });
  });

  it('ignores resend_mode and after_timestamp (unknown parameters): nothing is replayed', async () => {
    expect(await framesUntilLive(server, `?resend_mode=all&session_api_key=${KEY}`)).toEqual(['ConversationStateUpdateEvent', 'live']);
    expect(await framesUntilLive(server, `?resend_mode=bogus&after_timestamp=nonsense&session_api_key=${KEY}`)).toEqual(['ConversationStateUpdateEvent', 'live']);
  });

  it('replays with resend_all', async () => {
    const stored = server.store.throughSeq(server.conversations.demo)! + 1;
    const frames = await framesUntilLive(server, `?resend_all=true&session_api_key=${KEY}`);
    expect(frames.length).toBe(1 + stored + 1);
  });
});

describe('a server reporting 1.20.0', () => {
  let server: MockServer;
  beforeAll(async () => { server = await serverOf('1.20.0'); });

  it('has no session socket yet', async () => {
    expect(await openSocket(socketUrl(server, 'session', `?after_seq=-1&session_api_key=${KEY}`)).opened).toBe(false);
  });

  it('accepts a keyless handshake and waits for the auth frame; honours resend_mode', async () => {
    const client = openSocket(socketUrl(server, 'events', '?resend_mode=all'));
    expect(await client.opened).toBe(true);
    client.socket.send(JSON.stringify({ type: 'auth', session_api_key: KEY }));
    const stored = server.store.throughSeq(server.conversations.demo)! + 1;
    await waitFor(() => client.frames.length >= 1 + stored, 'full_state and the replay');
    client.socket.close();
  });
});

describe('a server reporting 1.45.0', () => {
  it('has the session socket', async () => {
    const server = await serverOf('1.45.0');
    const client = openSocket(socketUrl(server, 'session', '?after_seq=-1'));
    expect(await client.opened).toBe(true);
    client.socket.send(JSON.stringify({ type: 'auth', session_api_key: KEY }));
    await waitFor(() => client.frames.length > 0, 'sync');
    client.socket.close();
    expect(asObj(client.frames[0])['type']).toBe('sync');
  });
});
