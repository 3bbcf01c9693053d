import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/server/index';
import { waitFor } from './ws-client';

// The official client picks window.WebSocket, else require('ws'), which fails in ESM on Node 20.
(globalThis as unknown as { window: { WebSocket: typeof WebSocket } }).window = { WebSocket };
const client = await import('@openhands/typescript-client');

let server: MockServer;
const KEY = 'official-client-key';
beforeAll(async () => {
  server = await createMockServer({ sessionApiKeys: [KEY], knobs: { agentStepMs: 2, agentDeltaMs: 1, replayPageSize: 7 } });
  // Enough events that paging needs more than one page of 100.
  for (let i = 0; i < 120; i += 1) server.store.append(server.conversations.demo, { kind: 'CondensationRequest', source: 'environment' });
});
afterAll(async () => { await server.close(); });

describe('official @openhands/typescript-client against the mock', () => {
  it('pages the whole history over REST search with RemoteEventsList', async () => {
    const list = new client.RemoteEventsList({ baseUrl: server.url, apiKey: KEY }, server.conversations.demo);
    const events = await list.getEvents();
    const expected = server.store.range(server.conversations.demo, 0, 100_000).map((e) => e.event.id);
    expect(events.map((e) => e.id)).toEqual(expected);
    expect(await list.count()).toBe(expected.length);
  });

  it('receives events over the events socket, and a posted message makes the demo agent answer', async () => {
    const received: Array<{ kind?: string; source?: string }> = [];
    const errors: Error[] = [];
    const socket = new client.WebSocketCallbackClient({
      host: server.url, conversationId: server.conversations.demo, apiKey: KEY,
      callback: (event) => received.push(event as { kind?: string }), onError: (e) => errors.push(e),
    });
    socket.start();
    try {
      await waitFor(() => received.some((e) => e.kind === 'ConversationStateUpdateEvent'), 'full_state');
      const http = new client.HttpClient({ baseUrl: server.url, apiKey: KEY });
      await http.post(`/api/conversations/${server.conversations.demo}/events`, { role: 'user', content: [{ type: 'text', text: 'hi' }], run: true });
      await waitFor(() => received.some((e) => e.kind === 'MessageEvent' && e.source === 'agent'), 'agent answer');
      expect(received.some((e) => e.kind === 'MessageEvent' && e.source === 'user')).toBe(true);
      expect(received.some((e) => e.kind === 'ActionEvent')).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      socket.stop();
    }
  });
});
