// `auto` against a V0 deployment (the mock's `generation: 'v0'`): no /server_info version and no
// V1 REST, so the extension picks Socket.IO. Against the combined mock (V1 and V0 side by side,
// /server_info 1.47.0) the V0 demo could only be attached with an explicit protocol: `auto`
// chose the session socket, which closed 4004.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { createMockServer, type MockServer } from '../../../src/server/index';
import { resolveAuto } from '../../../src/background/adapters/auto';
import type { SocketIoLike } from '../../../src/background/adapters/v0-socketio';
import { createWiredConnection } from '../../../src/background/conversation-socket-factory';
import { createRestClient } from '../../../src/background/rest';
import { RecordingSink, realClock } from './harness';
import { waitFor } from '../../server/ws-client';
import { expectedReplayIds } from '../../server/v0-client';

let server: MockServer;
beforeAll(async () => { server = await createMockServer({ generation: 'v0' }); });
afterAll(async () => { await server.close(); });

describe('auto against a V0-only server', () => {
  it('resolveAuto with the real REST client picks V0 Socket.IO', async () => {
    const id = server.conversations.v0demo;
    const rest = createRestClient({ serverUrl: server.url, fetch: (u, i) => fetch(u, i), getSessionKey: async () => undefined });
    const features = await resolveAuto({
      serverInfoVersion: () => rest.serverInfo().then((info) => info.version),
      v1RestAnswers: () => rest.countEvents(id).then(() => true, () => false),
    });
    expect(features.generation).toBe('v0-socketio');
  });

  it('a connection attached with auto opens over Socket.IO and receives the V0 demo history', async () => {
    const id = server.conversations.v0demo;
    const sink = new RecordingSink();
    const connection = createWiredConnection({
      target: { serverUrl: server.url, conversationId: id, protocol: 'auto' },
      sink, clock: realClock,
      fetch: (input, init) => fetch(input, init),
      createWebSocket: () => { throw new Error('a V0 server has no V1 sockets'); },
      createSocketIo: (origin, options) => io(origin, options) as unknown as SocketIoLike,
      getSessionKey: async () => undefined,
      policy: { baseMs: 50, capMs: 200, probeIntervalMs: 50 },
    });
    try {
      connection.start();
      const expected = expectedReplayIds(server.v0.after(id, -1), -1).map(String);
      await waitFor(() => expected.every((eventId) => sink.inbound.some((frame) => frame.eventId === eventId)), 'the V0 history', 10_000);
      expect(connection.status()).toMatchObject({ state: 'open', generation: 'v0-socketio' });
    } finally {
      connection.dispose();
    }
  });
});
