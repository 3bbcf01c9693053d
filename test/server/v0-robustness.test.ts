import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/server/index';
import { openV0, eventIds, expectedReplayIds, type RecordingV0Client } from './v0-client';
import { waitFor } from './ws-client';

let server: MockServer;
const clients: RecordingV0Client[] = [];
beforeAll(async () => { server = await createMockServer({ knobs: { agentStepMs: 5 } }); });
afterEach(() => { for (const c of clients.splice(0)) c.socket.disconnect(); });
afterAll(async () => { await server.close(); });

type Obj = Record<string, unknown>;
const v0id = () => server.conversations.v0demo;
const connect = (query: Record<string, string>) => {
  const client = openV0(server.url, query);
  clients.push(client);
  return client;
};
const expectedReplay = (latest: number) => expectedReplayIds(server.v0.after(v0id(), -1), latest);

describe('V0 robustness', () => {
  it('an inbound payload over the 4 MiB buffer closes that transport only; the server keeps serving', async () => {
    const client = connect({ conversation_id: v0id(), latest_event_id: String(server.v0.latestId(v0id())) });
    await client.connected;
    const before = server.v0.latestId(v0id());
    client.socket.emit('oh_user_action', { action: 'message', args: { content: 'x'.repeat(5 * 1024 * 1024) } });
    expect(await client.disconnected).toBe('transport close');
    expect(server.v0.latestId(v0id())).toBe(before);
    const next = connect({ conversation_id: v0id(), latest_event_id: String(before - 1) });
    await waitFor(() => eventIds(next.payloads).includes(before), 'still serving');
  });

  it('a Socket.IO path that is not ours (prefix missing) is refused, not left hanging', async () => {
    const prefixed = await createMockServer({ pathPrefix: '/runtime/7' });
    try {
      const wrong = openV0(prefixed.appUrl, { conversation_id: v0id() });
      clients.push(wrong);
      expect((await wrong.connectError).message).toBe('websocket error');
      const right = openV0(prefixed.appUrl, { conversation_id: v0id() }, { path: '/runtime/7/socket.io' });
      clients.push(right);
      await waitFor(() => right.payloads.length > 0, 'prefixed replay');
    } finally {
      for (const c of clients.splice(0)) c.socket.disconnect();
      await prefixed.close();
    }
  });

  it('a consumer that stops reading is dropped once its Engine.IO queue passes v0MaxQueuedPackets', async () => {
    const target = server.scenarios.largeHistory({ generation: 'v0', count: 0 }).conversationId;
    const client = connect({ conversation_id: target });
    await client.connected;
    await waitFor(() => server.registry.count(target, 'v0-socketio') === 1 && server.v0.listenerCount(target) === 1, 'joined');
    const engine = client.socket.io.engine as unknown as { transport: { ws: { _socket: { pause(): void } } } };
    engine.transport.ws._socket.pause();
    server.knobs.v0MaxQueuedPackets = 50;
    try {
      const flood = server.scenarios.flood({ conversationId: target, count: 20_000, size: 2048 });
      await waitFor(() => server.registry.count(target, 'v0-socketio') === 0, 'slow consumer dropped', 20_000);
      flood.stop();
    } finally {
      server.knobs.v0MaxQueuedPackets = 200_000;
    }
  });

  it('an outage drops V0 sockets; after it the same history is served again', async () => {
    const client = connect({ conversation_id: v0id(), latest_event_id: String(server.v0.latestId(v0id())) });
    await client.connected;
    await server.faults.outage(0.05);
    expect(await client.disconnected).toBe('transport close');
    const again = connect({ conversation_id: v0id() });
    await waitFor(() => again.payloads.length >= expectedReplay(-1).length, 'replay after the outage');
    expect(eventIds(again.payloads)).toEqual(expectedReplay(-1));
  });
});

describe('V0 flood', () => {
  it('delivers exactly `count` events over Socket.IO, each with its send time', async () => {
    const result = server.scenarios.largeHistory({ generation: 'v0', count: 0 });
    const client = connect({ conversation_id: result.conversationId, latest_event_id: String(server.v0.latestId(result.conversationId)) });
    await client.connected;
    const flood = server.scenarios.flood({ conversationId: result.conversationId, count: 2000, rate: 'max' });
    await flood.done;
    await waitFor(() => client.payloads.length >= 2000, 'flood');
    expect(client.payloads.map((p) => ((p as Obj)['mock_flood'] as Obj)['index'])).toEqual([...Array(2000).keys()]);
  });
});
