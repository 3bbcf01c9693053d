// `generation: 'v0'`: the mock plays an OpenHands app server of the V0 era alone. It has
// Socket.IO and the V0 event REST (§5), a /server_info without a version (app_server/status),
// and none of the V1 agent server: no /sockets/*, no /api/conversations/{id}/events/count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/server/index';
import { eventIds, openV0 } from './v0-client';
import { openSocket, waitFor, wsUrl } from './ws-client';

let server: MockServer;
beforeAll(async () => { server = await createMockServer({ generation: 'v0' }); });
afterAll(async () => { await server.close(); });

describe('a V0-only server', () => {
  it('holds the V0 demo only', () => {
    expect(server.store.list().map((c) => [c.id, c.generation])).toEqual([[server.conversations.v0demo, 'v0']]);
  });

  it('answers /server_info with system figures and no version', async () => {
    const response = await fetch(`${server.url}/server_info`);
    expect(response.status).toBe(200);
    const body = await response.json() as Record<string, unknown>;
    expect(body).toHaveProperty('uptime');
    expect(body).toHaveProperty('resources');
    expect(body).not.toHaveProperty('version');
  });

  it('has no V1 REST: the V1 count and conversation routes are 404, the V0 event REST answers', async () => {
    const id = server.conversations.v0demo;
    for (const path of [`/api/conversations/${id}/events/count`, `/api/conversations/${id}/events/search`, `/api/conversations/${id}`, '/api/conversations/search']) {
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(404);
    }
    const page = await fetch(`${server.url}/api/conversations/${id}/events?limit=5`);
    expect(page.status).toBe(200);
    expect((await page.json() as { events: unknown[] }).events).toHaveLength(5);
  });

  it('refuses the V1 sockets at the handshake, like routes it does not have', async () => {
    for (const path of ['events', 'session']) {
      const client = openSocket(`${wsUrl(server.url)}/sockets/${path}/${server.conversations.v0demo}`);
      expect(await client.opened, path).toBe(false);
    }
  });

  it('serves the V0 demo over Socket.IO', async () => {
    const client = openV0(server.url, { conversation_id: server.conversations.v0demo, latest_event_id: '-1' });
    try {
      await client.connected;
      await waitFor(() => eventIds(client.payloads).length > 3, 'the replay');
    } finally {
      client.socket.disconnect();
    }
  });
});
