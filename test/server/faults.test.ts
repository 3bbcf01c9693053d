import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/server/index';
import { asObj, openSocket, pollUntil, waitFor, wsUrl } from './ws-client';

let server: MockServer;
beforeAll(async () => { server = await createMockServer(); });
afterAll(async () => { await server.close(); });

const demo = () => server.conversations.demo;
const events = () => openSocket(`${wsUrl(server.url)}/sockets/events/${demo()}`);
const session = () => openSocket(`${wsUrl(server.url)}/sockets/session/${demo()}`);
const admin = (name: string, body: unknown) =>
  fetch(`${server.url}/_admin/faults/${name}`, { method: 'POST', body: JSON.stringify(body) });

describe('fault injection', () => {
  it('drops every socket of a conversation abruptly (1006), all generations', async () => {
    const a = events();
    const b = session();
    await waitFor(() => a.frames.length > 0 && b.frames.length > 0, 'subscribed');
    expect(server.faults.drop(demo())).toBe(2);
    expect((await a.closed).code).toBe(1006);
    expect((await b.closed).code).toBe(1006);
  });

  it('closes with a given code and reason over the admin API', async () => {
    const a = events();
    await waitFor(() => a.frames.length > 0, 'subscribed');
    const res = await admin('close', { conversationId: demo(), code: 1011, reason: 'subscribe_failed' });
    expect(await res.json()).toEqual({ result: 1 });
    expect(await a.closed).toEqual({ code: 1011, reason: 'subscribe_failed' });
  });

  it('refuses with 422, touching no socket, a close code or reason no close frame can carry', async () => {
    const a = events();
    await waitFor(() => a.frames.length > 0, 'subscribed');
    const closedBefore = server.faults.counters.socketsClosed;
    for (const code of [1004, 1005, 1006, 1015, 2999, 999, 5000]) {
      const res = await admin('close', { conversationId: demo(), code, reason: 'x' });
      expect(res.status, `code ${code}`).toBe(422);
      expect((await res.json() as { detail: string }).detail).toContain(`close code ${code}`);
    }
    expect((await admin('close', { conversationId: demo(), code: 4000, reason: 'é'.repeat(62) })).status).toBe(422);
    expect(() => server.faults.close(demo(), 1006, '')).toThrow(RangeError);
    expect(server.faults.counters.socketsClosed).toBe(closedBefore);
    // Still open: the first close it gets is this one.
    expect((await admin('close', { conversationId: demo(), code: 4000, reason: 'é'.repeat(61) })).status).toBe(200);
    expect(await a.closed).toEqual({ code: 4000, reason: 'é'.repeat(61) });
  });

  it('rejects a malformed admin request with 422 and an unknown fault with 404', async () => {
    expect((await admin('close', { conversationId: demo(), code: 'x' })).status).toBe(422);
    expect((await admin('explode', {})).status).toBe(404);
  });

  it('sends malformed frames: non-JSON, invalid event, binary, and a 5 MB frame', async () => {
    const a = events();
    await waitFor(() => a.frames.length > 0, 'subscribed');
    for (const type of ['non-json', 'invalid-event', 'binary', 'huge'] as const) server.faults.malformed(demo(), type);
    await waitFor(() => a.rawText.length === 1 && a.binaryFrames.length === 1 && a.frames.length === 3, 'malformed frames', 10_000);
    expect(asObj(a.frames[1])['id']).toBe(42);
    expect(JSON.stringify(a.frames[2]).length).toBeGreaterThan(5 * 1024 * 1024);
    expect(server.faults.counters.malformedSent).toBeGreaterThanOrEqual(4);
    a.socket.close();
  });

  it('duplicates, reorders and withholds events, and counts what it injected', async () => {
    const a = events();
    await waitFor(() => a.frames.length > 0, 'subscribed');
    const before = { ...server.faults.counters };
    expect(server.faults.duplicate(demo(), 2)).toBe(2);
    const reordered = server.faults.outOfOrder(demo(), 3);
    const withheld = server.faults.withhold(demo(), 1);
    await waitFor(() => a.frames.length === 1 + 2 + 3, 'injected frames');
    expect(a.frames.slice(3).map((f) => asObj(f)['id'])).toEqual([...reordered].reverse());
    expect(server.store.range(demo(), 0, 1e6).some((e) => e.event.id === withheld[0])).toBe(true);
    expect(server.faults.counters.duplicatesSent - before.duplicatesSent).toBe(2);
    expect(server.faults.counters.outOfOrderSent - before.outOfOrderSent).toBe(3);
    expect(server.faults.counters.eventsWithheld - before.eventsWithheld).toBe(1);
    a.socket.close();
  });

  it('goes down for a while and comes back on the same port with the same history', async () => {
    const count = server.store.throughSeq(demo());
    const a = events();
    await waitFor(() => a.frames.length > 0, 'subscribed');
    const outage = server.faults.outage(0.2);
    expect((await a.closed).code).toBe(1006);
    await expect(fetch(`${server.url}/alive`)).rejects.toThrow();
    await outage;
    const res = await fetch(`${server.url}/api/conversations/${demo()}/events/count`);
    expect(await res.json()).toBe(count! + 1);
  });

  it('starts an outage over the admin API after answering it', async () => {
    const before = server.faults.counters.outages;
    const res = await admin('outage', { seconds: 0.1 });
    expect(await res.json()).toEqual({ result: 0.1 });
    await waitFor(() => server.faults.counters.outages === before + 1, 'outage started');
    await pollUntil(async () => (await fetch(`${server.url}/alive`)).ok, 'server back');
  });

  it('serves a hung handshake on a separate port', async () => {
    const url = new URL(server.hangUrl);
    expect(url.port).not.toBe(String(server.port));
    const hung = openSocket(`${wsUrl(server.hangUrl)}/sockets/events/${demo()}`);
    let settled = false;
    void hung.opened.then(() => { settled = true; });
    // A raw TCP probe proves the port accepts connections while the handshake never completes.
    await new Promise<void>((resolve, reject) => { const s = connect(Number(url.port), url.hostname, () => { s.destroy(); resolve(); }); s.on('error', reject); });
    expect(settled).toBe(false);
    hung.socket.terminate();
  });
});
