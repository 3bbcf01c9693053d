import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type EventJson, type MockServer } from '../../src/server/index';
import { waitFor } from './ws-client';

let server: MockServer;
beforeAll(async () => { server = await createMockServer({ knobs: { agentStepMs: 20, agentDeltaMs: 1 } }); });
afterAll(async () => { await server.close(); });

const api = (path: string) => `${server.url}/api/conversations/${server.conversations.demo}${path}`;
const getJson = async (url: string, init?: RequestInit) => {
  const res = await fetch(url, init);
  return { status: res.status, body: (await res.json()) as unknown, headers: res.headers };
};
type Page = { items: EventJson[]; next_page_id: string | null };
const history = () => server.store.range(server.conversations.demo, 0, 1e6).map((e) => e.event);

describe('REST events (§3.1)', () => {
  it('pages by page_id starting AT that event, oldest first', async () => {
    const first = (await getJson(api('/events/search?limit=4'))).body as Page;
    expect(first.items.map((e) => e.id)).toEqual(history().slice(0, 4).map((e) => e.id));
    const second = (await getJson(api(`/events/search?limit=4&page_id=${first.next_page_id}`))).body as Page;
    expect(second.items[0]!.id).toBe(first.next_page_id);
    expect(second.items[0]!.id).toBe(history()[4]!.id);
  });

  it('sorts TIMESTAMP_DESC, rejects limit over 100, restarts on an unknown page_id', async () => {
    const desc = (await getJson(api('/events/search?sort_order=TIMESTAMP_DESC&limit=2'))).body as Page;
    expect(desc.items.map((e) => e.id)).toEqual(history().slice(-2).reverse().map((e) => e.id));
    expect((await getJson(api('/events/search?limit=101'))).status).toBe(422);
    const unknown = (await getJson(api('/events/search?limit=1&page_id=nope'))).body as Page;
    expect(unknown.items[0]!.id).toBe(history()[0]!.id);
  });

  it('filters by fully-qualified kind, source, body and timestamp range; count agrees', async () => {
    const kind = 'openhands.sdk.event.llm_convertible.message.MessageEvent';
    const messages = (await getJson(api(`/events/search?kind=${kind}`))).body as Page;
    expect(messages.items.length).toBeGreaterThan(0);
    expect(messages.items.every((e) => e.kind === 'MessageEvent')).toBe(true);
    expect(((await getJson(api('/events/search?kind=MessageEvent'))).body as Page).items).toEqual([]);
    const users = (await getJson(api('/events/search?source=user'))).body as Page;
    expect(users.items.every((e) => e.source === 'user')).toBe(true);
    const body = (await getJson(api('/events/search?body=TESTS%2Ftest_api'))).body as Page;
    expect(body.items.map((e) => e.kind)).toEqual(['MessageEvent']);
    const all = history();
    const gte = all[3]!.timestamp;
    const lt = all[6]!.timestamp;
    const range = (await getJson(api(`/events/search?timestamp__gte=${gte}&timestamp__lt=${lt}`))).body as Page;
    expect(range.items.map((e) => e.id)).toEqual(all.slice(3, 6).map((e) => e.id));
    expect((await getJson(api(`/events/count?source=user`))).body).toBe(users.items.length);
    expect((await getJson(api('/events/count'))).body).toBe(all.length);
  });

  it('returns one event, or 404 for unknown events and conversations', async () => {
    const first = history()[0]!;
    expect((await getJson(api(`/events/${first.id}`))).body).toEqual(first);
    expect((await getJson(api('/events/00000000-0000-4000-8000-000000000001'))).status).toBe(404);
    const missing = await getJson(`${server.url}/api/conversations/00000000-0000-4000-8000-000000000002`);
    expect(missing).toMatchObject({ status: 404, body: { detail: 'Conversation not found: 00000000-0000-4000-8000-000000000002' } });
  });

  it('POST events appends without running by default; run:true starts the agent; run again is 409; pause stops', async () => {
    const before = history().length;
    const post = (run?: boolean) => fetch(api('/events'), { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'user', content: [{ type: 'text', text: 'hello' }], ...(run === undefined ? {} : { run }) }) });
    expect((await post()).status).toBe(200);
    expect(history().length).toBe(before + 1);
    expect((await post(true)).status).toBe(200);
    expect((await fetch(api('/run'), { method: 'POST' })).status).toBe(409);
    expect((await fetch(api('/pause'), { method: 'POST' })).status).toBe(200);
    expect(history().at(-1)).toMatchObject({ kind: 'ConversationStateUpdateEvent', key: 'execution_status', value: 'paused' });
    expect((await fetch(api('/run'), { method: 'POST' })).status).toBe(200);
    await waitFor(() => history().at(-1)?.['value'] === 'finished', 'run finished');
  });

  it('rejects malformed bodies with 422 and never crashes', async () => {
    const res = await fetch(api('/events'), { method: 'POST', body: '{not json' });
    expect(res.status).toBe(422);
    const huge = await fetch(api('/events'), { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect((await fetch(`${server.url}/alive`)).status).toBe(200);
  });

  it('respond_to_confirmation answers success', async () => {
    const res = await getJson(api('/events/respond_to_confirmation'), { method: 'POST', body: JSON.stringify({ accept: false, reason: 'no' }) });
    expect(res).toMatchObject({ status: 200, body: { success: true } });
  });
});

describe('REST server and conversations', () => {
  it('serves /alive /health /ready /server_info with the configured version', async () => {
    for (const path of ['/alive', '/health', '/ready']) expect((await fetch(`${server.url}${path}`)).status).toBe(200);
    expect((await getJson(`${server.url}/server_info`)).body).toMatchObject({ version: '1.47.0' });
  });

  it('lists conversations with sub_conversation_ids', async () => {
    const info = (await getJson(`${server.url}/api/conversations/${server.conversations.demo}`)).body;
    expect(info).toMatchObject({ id: server.conversations.demo, sub_conversation_ids: [server.conversations.planning] });
    const search = (await getJson(`${server.url}/api/conversations/search`)).body as { items: Array<{ id: string }> };
    expect(search.items.map((c) => c.id)).toContain(server.conversations.planning);
  });

  it('pages and batches conversations, and returns the agent final response', async () => {
    const page = (await getJson(`${server.url}/api/conversations/search?limit=1&sort_order=CREATED_AT`)).body as { items: Array<{ id: string }>; next_page_id: string };
    expect(page.items.map((c) => c.id)).toEqual([server.conversations.demo]);
    expect(page.next_page_id).toBe(server.conversations.planning);
    const batch = (await getJson(`${server.url}/api/conversations?ids=${server.conversations.planning}&ids=00000000-0000-4000-8000-000000000003`)).body as unknown[];
    expect(batch).toEqual([expect.objectContaining({ id: server.conversations.planning }), null]);
    const final = (await getJson(`${server.url}/api/conversations/${server.conversations.demo}/agent_final_response`)).body as { response: string };
    expect(final.response.length).toBeGreaterThan(0);
  });

  it('CORS allows localhost origins only', async () => {
    const local = await fetch(`${server.url}/server_info`, { headers: { origin: 'http://localhost:3000' } });
    expect(local.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    const foreign = await fetch(`${server.url}/server_info`, { headers: { origin: 'https://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('requires X-Session-API-Key on /api when keys are configured (401), not on /alive', async () => {
    server.setApiKeys(['k']);
    try {
      expect((await fetch(api('/events/count'))).status).toBe(401);
      expect((await fetch(api('/events/count'), { headers: { 'x-session-api-key': 'wrong' } })).status).toBe(401);
      expect((await fetch(api('/events/count'), { headers: { 'x-session-api-key': 'k' } })).status).toBe(200);
      expect((await fetch(`${server.url}/alive`)).status).toBe(200);
    } finally { server.setApiKeys([]); }
  });
});
