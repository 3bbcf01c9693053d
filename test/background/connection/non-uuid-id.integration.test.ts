// A V1 agent server parses the conversation id as a UUID and refuses the socket of any other
// id before it opens (1006 to the client). The connection backed off for ever on such an id,
// saying only "closed with 1006". Now it fails at once with the reason; V0 and valid UUIDs
// of conversations the server lacks are untouched (the latter fail with 4004's own message).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { io } from 'socket.io-client';
import type { SocketIoLike } from '../../../src/background/adapters/v0-socketio';
import type { SocketStatus, WebSocketLike } from '../../../src/background/contracts';
import { createWiredConnection } from '../../../src/background/conversation-socket-factory';
import { couldBeUuid } from '../../../src/shared/protocol/conversation-id';
import { createMockServer, type MockServer } from '../../../src/server/index';
import { FakeClock } from '../../fakes/fake-clock';
import { RecordingSink } from './harness';

let server: MockServer;
beforeAll(async () => { server = await createMockServer({ port: 0 }); });
afterAll(async () => { await server?.close(); });

async function until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function connect(conversationId: string, protocol: 'auto' | 'v1-events' | 'v1-session') {
  const statuses: SocketStatus[] = [];
  const sink = Object.assign(new RecordingSink(), { statusChanged: (s: SocketStatus) => { statuses.push(s); } });
  let sockets = 0;
  // The connection's timers (backoff, watchdog) run on this clock; the server and sockets are real.
  const clock = new FakeClock();
  const connection = createWiredConnection({
    target: { serverUrl: server.url, conversationId, protocol }, sink, clock,
    fetch: (input, init) => fetch(input, init),
    createWebSocket: (url) => { sockets += 1; return new WebSocket(url) as unknown as WebSocketLike; },
    createSocketIo: (origin, options) => io(origin, options) as unknown as SocketIoLike,
    getSessionKey: async () => undefined,
  });
  connection.start();
  return { connection, clock, statuses, sockets: () => sockets };
}

describe('a conversation id that is not a UUID, on a V1 server', () => {
  it.each(['v1-events', 'v1-session', 'auto'] as const)('%s: fails at the refused handshake, saying why, and tries no more', async (protocol) => {
    const c = connect('not-a-uuid', protocol);
    try {
      await until(() => c.connection.status().state === 'failed', 'failed');
      expect(c.connection.status().failedReason).toBe('the server refused the socket (1006), and "not-a-uuid" is not a UUID, which V1 conversation ids are: check the id');
      const opened = c.sockets();
      // An hour of backoff timers: a retry would open another socket.
      for (let i = 0; i < 60; i += 1) c.clock.advance(60_000);
      await new Promise((r) => setImmediate(r));
      expect(c.sockets()).toBe(opened);
      expect(c.statuses.some((s) => s.state === 'backoff')).toBe(false);
    } finally {
      c.connection.dispose();
    }
  });

  it('a valid UUID the server lacks still fails with the 4004 message', async () => {
    const c = connect('0b0e8c72-54b4-4d1c-9d4e-1a3a0d1f2e3c', 'v1-events');
    try {
      await until(() => c.connection.status().state === 'failed', 'failed');
      expect(c.connection.status().failedReason).toMatch(/closed with 4004/);
    } finally {
      c.connection.dispose();
    }
  });
});

describe('couldBeUuid', () => {
  it('takes every form a UUID is written in, and nothing that cannot be one', () => {
    for (const id of ['0b0e8c7254b44d1c9d4e1a3a0d1f2e3c', '0B0E8C72-54B4-4D1C-9D4E-1A3A0D1F2E3C', '{0b0e8c72-54b4-4d1c-9d4e-1a3a0d1f2e3c}', 'urn:uuid:0b0e8c72-54b4-4d1c-9d4e-1a3a0d1f2e3c']) {
      expect(couldBeUuid(id)).toBe(true);
    }
    for (const id of ['not-a-uuid', 'c1', '0b0e8c7254b44d1c9d4e1a3a0d1f2e3', '0b0e8c7254b44d1c9d4e1a3a0d1f2e3cz', '']) {
      expect(couldBeUuid(id)).toBe(false);
    }
  });
});
