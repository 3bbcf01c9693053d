import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/server/index';
import { asObj, openSocket, waitFor, wsUrl } from './ws-client';

let server: MockServer;
beforeAll(async () => { server = await createMockServer({ sessionApiKeys: ['k1', 'k2'], knobs: { authDeadlineMs: 2000 } }); });
afterAll(async () => { await server.close(); });

const url = (query = '') => `${wsUrl(server.url)}/sockets/events/${server.conversations.demo}${query}`;

describe('socket auth variants (§1.3)', () => {
  it('accepts a valid key in the query or the X-Session-API-Key header', async () => {
    const query = openSocket(url('?session_api_key=k2'));
    const header = openSocket(url(), { 'x-session-api-key': 'k1' });
    await waitFor(() => query.frames.length > 0 && header.frames.length > 0, 'full_state on both');
    query.socket.close();
    header.socket.close();
  });

  it('sends nothing before the auth frame, then serves normally and ignores a redundant auth frame', async () => {
    const client = openSocket(url());
    await client.opened;
    expect(client.frames).toHaveLength(0);
    client.socket.send(JSON.stringify({ type: 'auth', session_api_key: 'k1' }));
    await waitFor(() => client.frames.length === 1, 'full_state after auth');
    client.socket.send(JSON.stringify({ type: 'auth', session_api_key: 'k1' }));
    client.socket.send('{bad');
    await waitFor(() => client.frames.length === 2, 'error for the bad frame only');
    expect(asObj(client.frames[1])['kind']).toBe('ServerErrorEvent');
    client.socket.close();
  });

  it('closes 4001 for a non-JSON first frame', async () => {
    const client = openSocket(url());
    await client.opened;
    client.socket.send('hello');
    expect(await client.closed).toEqual({ code: 4001, reason: 'Authentication failed' });
  });

  it('accepts every connection when no keys are configured', async () => {
    server.setApiKeys([]);
    try {
      const client = openSocket(url('?session_api_key=anything'));
      await waitFor(() => client.frames.length > 0, 'open server');
      client.socket.close();
    } finally { server.setApiKeys(['k1', 'k2']); }
  });
});
