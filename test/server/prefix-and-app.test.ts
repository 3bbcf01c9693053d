import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/server/index';
import { openSocket, waitFor, wsUrl } from './ws-client';

let server: MockServer;
beforeAll(async () => { server = await createMockServer({ pathPrefix: '/runtime/55313/', sessionApiKeys: ['app-key'] }); });
afterAll(async () => { await server.close(); });

const headers = { 'x-session-api-key': 'app-key' };

describe('path prefix (as behind a proxy)', () => {
  it('serves REST and server routes only under the prefix', async () => {
    expect(server.url).toBe(`${server.appUrl}/runtime/55313`);
    expect((await fetch(`${server.url}/alive`)).status).toBe(200);
    expect((await fetch(`${server.appUrl}/alive`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/conversations/${server.conversations.demo}/events/count`, { headers })).status).toBe(200);
  });

  it('serves both sockets under the prefix and rejects them without it', async () => {
    const ev = openSocket(`${wsUrl(server.url)}/sockets/events/${server.conversations.demo}`, headers);
    const se = openSocket(`${wsUrl(server.url)}/sockets/session/${server.conversations.demo}?after_seq=-1`, headers);
    await waitFor(() => ev.frames.length > 0 && se.frames.length > 0, 'prefixed sockets');
    const bare = openSocket(`${wsUrl(server.appUrl)}/sockets/events/${server.conversations.demo}`, headers);
    expect(await bare.opened).toBe(false);
    ev.socket.close();
    se.socket.close();
  });
});

describe('app server (§3.2)', () => {
  it('returns conversation_url with the prefix, the session key and a settable sandbox_status', async () => {
    const res = await fetch(`${server.appUrl}/api/v1/app-conversations?ids=${server.conversations.demo}&ids=00000000-0000-4000-8000-000000000009`);
    const [found, missing] = (await res.json()) as [Record<string, unknown>, null];
    expect(found).toMatchObject({
      conversation_url: `${server.url}/api/conversations/${server.conversations.demo}`,
      session_api_key: 'app-key', sandbox_status: 'RUNNING', sub_conversation_ids: [server.conversations.planning],
    });
    expect(missing).toBeNull();
    await fetch(`${server.url}/_admin/sandbox`, { method: 'POST', body: JSON.stringify({ conversationId: server.conversations.demo, status: 'PAUSED' }) });
    const search = await (await fetch(`${server.appUrl}/api/v1/app-conversations/search`)).json() as { items: Array<Record<string, unknown>> };
    expect(search.items.find((c) => c['id'] === server.conversations.demo)).toMatchObject({ sandbox_status: 'PAUSED' });
  });

  it('serves an OpenHands-like page at /conversations/{id}', async () => {
    const res = await fetch(`${server.appUrl}/conversations/${server.conversations.demo}`);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('/api/v1/app-conversations?ids=');
  });
});
