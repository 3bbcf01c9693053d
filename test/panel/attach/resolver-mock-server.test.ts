import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer } from '../../../src/server/index';
import { resolveInspectedPage } from '../../../src/panel/attach/resolve-inspected-page';

type Server = Awaited<ReturnType<typeof createMockServer>>;
let server: Server;

beforeAll(async () => {
  server = await createMockServer({ port: 0, sessionApiKeys: ['secret-key'] });
});
afterAll(async () => {
  await server.close();
});

describe('resolveInspectedPage against the mock app server', () => {
  it('resolves the app page to the agent-server base and key', async () => {
    const id = server.conversations.demo;
    const result = await resolveInspectedPage(`${server.appUrl}/conversations/${id}`, (url) => fetch(url));
    expect(result).toMatchObject({ ok: true, serverUrl: server.url, conversationId: id, sandboxStatus: 'RUNNING' });
  });

  it('explains a paused sandbox', async () => {
    const id = server.conversations.planning;
    await fetch(`${server.appUrl}/_admin/sandbox`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conversationId: id, status: 'PAUSED' }),
    });
    const result = await resolveInspectedPage(`${server.appUrl}/conversations/${id}`, (url) => fetch(url));
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/paused/) });
  });

  it('keeps the path prefix of conversation_url', async () => {
    const prefixed = await createMockServer({ port: 0, sessionApiKeys: [], pathPrefix: '/runtime/1' });
    try {
      const id = prefixed.conversations.demo;
      const result = await resolveInspectedPage(`${prefixed.appUrl}/conversations/${id}`, (url) => fetch(url));
      expect(result).toMatchObject({ ok: true, serverUrl: `${prefixed.appUrl}/runtime/1` });
    } finally {
      await prefixed.close();
    }
  });
});
