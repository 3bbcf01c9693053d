// A failed conversation listing used to show the bare REST error ("Could not list
// conversations: /api/conversations/search?limit=100: TypeError: Failed to fetch", "HTTP 401",
// "HTTP 404"), which names neither the cause nor what to do. Each now says both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../../src/background/contracts';
import { listConversations } from '../../../src/background/conversation-rest-commands';
import { SiteAccessOff } from '../../../src/background/site-access';
import { createMockServer, type MockServer } from '../../../src/server/index';

const SERVER = 'http://127.0.0.1:8000';
const answering = (status: number): FetchLike => async () => Response.json({ detail: 'nope' }, { status });

describe('listing conversations fails with what to do', () => {
  it('a server that does not answer: not reachable at its URL', async () => {
    const down: FetchLike = async () => { throw new TypeError('Failed to fetch'); };
    await expect(listConversations(down, SERVER)).rejects.toThrow(
      'the server is not reachable at http://127.0.0.1:8000: is it running, and is that its URL? (TypeError: Failed to fetch)');
  });

  it('401/403 without a key: it needs one, entered below; with a key: that key was refused', async () => {
    for (const status of [401, 403]) {
      await expect(listConversations(answering(status), SERVER)).rejects.toThrow(
        `this server needs a session key: enter it below and list again (HTTP ${status})`);
    }
    const refused = await listConversations(answering(401), SERVER, 'sk-wrong').catch((e: Error) => e.message);
    expect(refused).toBe('this server refused the session key: check the key below (HTTP 401)');
  });

  it('404: not an agent server; an app URL? use the agent server\'s URL', async () => {
    await expect(listConversations(answering(404), SERVER)).rejects.toThrow(
      /^http:\/\/127\.0\.0\.1:8000 does not look like an agent server .*an OpenHands app URL\? Use the agent server's URL/);
  });

  it('keeps what already says what to do (site access) and what it cannot explain (a 500)', async () => {
    const blocked: FetchLike = async () => { throw new SiteAccessOff(SERVER); };
    await expect(listConversations(blocked, SERVER)).rejects.toThrow(/^site access for http:\/\/127\.0\.0\.1:8000 is off/);
    await expect(listConversations(answering(500), SERVER)).rejects.toThrow(/HTTP 500$/);
  });
});

describe('listing against the mock servers', () => {
  let server: MockServer;
  beforeAll(async () => { server = await createMockServer({ port: 0, sessionApiKeys: ['sk-list'], pathPrefix: '/runtime/1' }); });
  afterAll(async () => { await server.close(); });

  // The agent server sits under a prefix (as a proxied conversation_url does); the app server at the root.
  it('the app server\'s URL is not taken for an agent server; a keyed agent server asks for its key', async () => {
    const fetch: FetchLike = (input, init) => globalThis.fetch(input, init);
    await expect(listConversations(fetch, server.appUrl)).rejects.toThrow(/does not look like an agent server/);
    await expect(listConversations(fetch, server.url)).rejects.toThrow(/^this server needs a session key: enter it below/);
    expect((await listConversations(fetch, server.url, 'sk-list')).map((c) => c.id)).toContain(server.conversations.demo);
  });
});
