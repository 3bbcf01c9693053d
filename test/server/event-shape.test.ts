import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type EventJson, type MockServer } from '../../src/server/index';
import { openSocket, waitFor, wsUrl } from './ws-client';

let server: MockServer;
beforeAll(async () => { server = await createMockServer({ knobs: { agentStepMs: 1, agentDeltaMs: 1 } }); });
afterAll(async () => { await server.close(); });

const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const NAIVE_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/;
const hasNull = (value: unknown): boolean =>
  value === null || (typeof value === 'object' && Object.values(value as object).some(hasNull));

describe('generated events follow protocol §2', () => {
  it('demo history and an agent turn: kind, uuid4 id, naive local microsecond timestamp, source, no nulls', async () => {
    server.triggerAgent(server.conversations.demo);
    await waitFor(() => server.store.range(server.conversations.demo, 0, 1e6).at(-1)?.event['value'] === 'finished'
      && !hasAgentRunning(), 'agent turn');
    const events: EventJson[] = server.store.range(server.conversations.demo, 0, 1e6).map((e) => e.event);
    for (const event of events) {
      expect(typeof event.kind).toBe('string');
      expect(event.id).toMatch(UUID4);
      expect(event.timestamp).toMatch(NAIVE_MICROS);
      expect(['agent', 'user', 'environment', 'hook']).toContain(event.source);
      expect(hasNull(event)).toBe(false);
    }
    const kinds = new Set(events.map((e) => e.kind));
    for (const kind of ['SystemPromptEvent', 'MessageEvent', 'ActionEvent', 'ObservationEvent', 'AgentErrorEvent', 'ConversationStateUpdateEvent']) {
      expect(kinds).toContain(kind);
    }
    const timestamps = events.map((e) => e.timestamp);
    expect([...timestamps].sort()).toEqual(timestamps);
  });

  function hasAgentRunning(): boolean {
    return server.store.get(server.conversations.demo)!.executionStatus === 'running';
  }
});

describe('hostile input never crashes the server', () => {
  it('survives garbage handshakes, raw bytes and resets', async () => {
    for (const payload of ['GET /sockets/events/x HTTP/1.1\r\nUpgrade: websocket\r\n\r\n', '\x00\xff\x00garbage\r\n\r\n', 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\nabc']) {
      await new Promise<void>((resolve) => {
        const s = connect(server.port, '127.0.0.1', () => { s.write(payload); s.destroy(); resolve(); });
        s.on('error', () => resolve());
      });
    }
    const client = openSocket(`${wsUrl(server.url)}/sockets/events/${server.conversations.demo}`);
    await waitFor(() => client.frames.length > 0, 'server still serving');
    client.socket.close();
    expect((await fetch(`${server.url}/alive`)).status).toBe(200);
  });
});
