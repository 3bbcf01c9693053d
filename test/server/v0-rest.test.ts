// V0 event REST (§5.6) on the mock server: ids from start_id to end_id inclusive, newest first
// with reverse=true, `has_more`, limit 1–100; V1 conversations do not answer it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/server/index';

let server: MockServer;
let conversationId: string;

beforeAll(async () => {
  server = await createMockServer({ port: 0 });
  conversationId = server.store.create({ generation: 'v0', title: 'v0 rest' }).id;
  for (let i = 0; i < 250; i += 1) server.v0.persistQuietly(conversationId, { source: 'agent', action: 'message', args: { content: `m${i}` } });
});
afterAll(async () => { await server?.close(); });

async function page(query: string): Promise<{ status: number; body: { events?: { id: number }[]; has_more?: boolean } }> {
  const response = await fetch(`${server.url}/api/conversations/${conversationId}/events?${query}`);
  return { status: response.status, body: await response.json() as { events?: { id: number }[]; has_more?: boolean } };
}
const ids = (body: { events?: { id: number }[] }) => body.events?.map((e) => e.id);

describe('V0 event REST', () => {
  it('pages newest first with reverse=true, end_id inclusive, until has_more is false', async () => {
    const newest = await page('reverse=true&limit=100');
    expect(ids(newest.body)).toEqual(Array.from({ length: 100 }, (_, i) => 249 - i));
    expect(newest.body.has_more).toBe(true);
    const older = await page('reverse=true&limit=100&end_id=149');
    expect(ids(older.body)?.[0]).toBe(149);
    const oldest = await page('reverse=true&limit=100&end_id=49');
    expect(ids(oldest.body)).toEqual(Array.from({ length: 50 }, (_, i) => 49 - i));
    expect(oldest.body.has_more).toBe(false);
  });

  it('pages oldest first by default (limit 20), from start_id', async () => {
    const first = await page('');
    expect(ids(first.body)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(first.body.has_more).toBe(true);
    expect(ids((await page('start_id=245&limit=100')).body)).toEqual([245, 246, 247, 248, 249]);
    expect((await page('start_id=245&limit=100')).body.has_more).toBe(false);
  });

  it('refuses a limit outside 1–100 and a non-integer id', async () => {
    expect((await page('limit=0')).status).toBe(400);
    expect((await page('limit=101')).status).toBe(400);
    expect((await page('end_id=abc')).status).toBe(422);
  });

  it('is not served for V1 conversations', async () => {
    const response = await fetch(`${server.url}/api/conversations/${server.conversations.demo}/events`);
    expect(response.status).toBe(404);
  });
});
