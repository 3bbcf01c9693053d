import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/server/index';
import { openSocket, waitFor, wsUrl } from './ws-client';

/** One test per row of the close-code table in protocol §1.7, with a real ws client. */
let server: MockServer;
const KEY = 'secret-key-1';
beforeAll(async () => { server = await createMockServer({ knobs: { authDeadlineMs: 150 } }); });
afterAll(async () => { await server.close(); });

const base = () => wsUrl(server.url);
const demo = () => server.conversations.demo;

describe('close codes (§1.7)', () => {
  it('rejects the handshake (1006) for an invalid key in the query', async () => {
    server.setApiKeys([KEY]);
    try {
      const client = openSocket(`${base()}/sockets/events/${demo()}?session_api_key=wrong`);
      expect(await client.opened).toBe(false);
      expect((await client.closed).code).toBe(1006);
    } finally { server.setApiKeys([]); }
  });

  it.each([
    ['bad UUID', '/sockets/events/not-a-uuid'],
    ['bad resend_mode', `/sockets/events/DEMO?resend_mode=everything`],
    ['unparsable after_timestamp', `/sockets/events/DEMO?resend_mode=since&after_timestamp=yesterday`],
    ['bad after_seq', `/sockets/session/DEMO?after_seq=abc`],
  ])('rejects the handshake (1006) for a validation error: %s', async (_name, path) => {
    const client = openSocket(`${base()}${path.replace('DEMO', demo())}`);
    expect(await client.opened).toBe(false);
    expect((await client.closed).code).toBe(1006);
  });

  it('closes 4001 "Authentication failed" when the auth frame does not arrive in time', async () => {
    server.setApiKeys([KEY]);
    try {
      const client = openSocket(`${base()}/sockets/events/${demo()}`);
      expect(await client.opened).toBe(true);
      expect(await client.closed).toEqual({ code: 4001, reason: 'Authentication failed' });
      expect(client.frames).toHaveLength(0);
    } finally { server.setApiKeys([]); }
  });

  it('closes 4001 for a wrong key in the auth frame', async () => {
    server.setApiKeys([KEY]);
    try {
      const client = openSocket(`${base()}/sockets/session/${demo()}`);
      await client.opened;
      client.socket.send(JSON.stringify({ type: 'auth', session_api_key: 'nope' }));
      expect((await client.closed).code).toBe(4001);
    } finally { server.setApiKeys([]); }
  });

  it('closes 4004 "Conversation not found" after a successful open', async () => {
    const client = openSocket(`${base()}/sockets/events/00000000-0000-4000-8000-000000000000`);
    expect(await client.opened).toBe(true);
    expect(await client.closed).toEqual({ code: 4004, reason: 'Conversation not found' });
  });

  it('closes 4004 for a V0 conversation on the V1 sockets (it lives on Socket.IO only)', async () => {
    const client = openSocket(`${base()}/sockets/events/${server.conversations.v0demo}`);
    expect(await client.closed).toEqual({ code: 4004, reason: 'Conversation not found' });
  });

  it('closes 1013 past the subscriber limit', async () => {
    server.knobs.maxSubscribers = 2;
    const clients = [0, 1].map(() => openSocket(`${base()}/sockets/events/${demo()}`));
    try {
      await waitFor(() => clients.every((c) => c.frames.length > 0), 'two subscribers');
      const third = openSocket(`${base()}/sockets/events/${demo()}`);
      expect(await third.closed).toEqual({ code: 1013, reason: 'Too many connections for this conversation' });
    } finally {
      server.knobs.maxSubscribers = 50;
      for (const c of clients) c.socket.close();
    }
  });

  it('session socket: closes 1013 frame_too_large for a frame over 4 MiB; the events socket sends it', async () => {
    const session = openSocket(`${base()}/sockets/session/${demo()}`);
    const events = openSocket(`${base()}/sockets/events/${demo()}`);
    await waitFor(() => session.frames.length >= 2 && events.frames.length >= 1, 'both subscribed');
    const id = server.faults.appendHugeEvent(demo(), 4 * 1024 * 1024 + 10);
    expect(await session.closed).toEqual({ code: 1013, reason: 'frame_too_large' });
    await waitFor(() => events.frames.some((f) => (f as { id?: string }).id === id), 'huge event on events socket', 10_000);
    events.socket.close();
  });

  it('session socket: closes 1013 slow_consumer (fault)', async () => {
    const session = openSocket(`${base()}/sockets/session/${demo()}`);
    await waitFor(() => session.frames.length >= 1, 'sync');
    expect(server.faults.slowConsumer(demo())).toBe(1);
    expect(await session.closed).toEqual({ code: 1013, reason: 'slow_consumer' });
  });

  it('handshake 404 (1006) when the sandbox is paused or missing (runtime host gone)', async () => {
    const conversation = server.store.get(demo())!;
    conversation.sandboxStatus = 'MISSING';
    try {
      const client = openSocket(`${base()}/sockets/events/${demo()}`);
      expect(await client.opened).toBe(false);
      expect((await client.closed).code).toBe(1006);
    } finally { conversation.sandboxStatus = 'RUNNING'; }
  });

  it('closes 1013 credential_binding_activation_required after accept', async () => {
    const conversation = server.store.get(demo())!;
    conversation.requiresCredentialBinding = true;
    try {
      const client = openSocket(`${base()}/sockets/session/${demo()}`);
      expect(await client.opened).toBe(true);
      expect(await client.closed).toEqual({ code: 1013, reason: 'credential_binding_activation_required' });
    } finally { conversation.requiresCredentialBinding = false; }
  });

  it.each([
    [1000, 'Connection closed'],
    [1011, 'subscribe_failed'],
  ])('closes %i %s on demand (fault)', async (code, reason) => {
    const client = openSocket(`${base()}/sockets/session/${demo()}`);
    await waitFor(() => client.frames.length > 0, 'sync');
    server.faults.close(demo(), code, reason);
    expect(await client.closed).toEqual({ code, reason });
  });
});
