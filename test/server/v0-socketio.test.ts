import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer, type V0Event } from '../../src/server/index';
import { NO_VISION_MESSAGE } from '../../src/server/v0/v0-user-action';
import { openV0, eventIds, expectedReplayIds, isHiddenOnReplay, type RecordingV0Client } from './v0-client';
import { waitFor } from './ws-client';

let server: MockServer;
const clients: RecordingV0Client[] = [];
beforeAll(async () => { server = await createMockServer({ knobs: { agentStepMs: 5, replayPageSize: 7 } }); });
afterEach(() => { for (const c of clients.splice(0)) c.socket.disconnect(); });
afterAll(async () => { await server.close(); });

type Obj = Record<string, unknown>;
const v0id = () => server.conversations.v0demo;
const hexId = () => v0id().replace(/-/g, '');
const connect = (query: Record<string, string>, options?: { timeout?: number }) => {
  const client = openV0(server.url, query, options);
  clients.push(client);
  return client;
};
const stored = (): V0Event[] => server.v0.after(v0id(), -1);
const hidden = isHiddenOnReplay;
const isStateChange = (p: unknown) => (p as Obj)['observation'] === 'agent_state_changed';
const expectedReplay = (latest: number) => expectedReplayIds(stored(), latest);

describe('V0 Socket.IO replay', () => {
  it('replays the whole history from latest_event_id=-1 with the real skip rules (hex conversation id)', async () => {
    const client = connect({ conversation_id: hexId(), latest_event_id: '-1' });
    const expected = expectedReplay(-1);
    await waitFor(() => client.payloads.length >= expected.length, 'replay');
    expect(eventIds(client.payloads)).toEqual(expected);
    // The history really holds what the rules hide: a RecallAction, Null*, several state changes.
    expect(stored().filter(hidden).length).toBeGreaterThanOrEqual(3);
    expect(stored().filter(isStateChange).length).toBeGreaterThan(1);
    expect(client.payloads.filter(isStateChange)).toHaveLength(1);
    expect(client.payloads.at(-1)).toMatchObject({ observation: 'agent_state_changed', extras: { agent_state: 'awaiting_user_input' } });
    expect(client.payloads[0]).toMatchObject({ id: 0, action: 'system', source: 'agent' });
  });

  it('sends exactly the events after latest_event_id', async () => {
    const latest = 8;
    const client = connect({ conversation_id: v0id(), latest_event_id: String(latest) });
    const expected = expectedReplay(latest);
    await waitFor(() => client.payloads.length >= expected.length, 'replay');
    expect(eventIds(client.payloads)).toEqual(expected);
    expect(Math.min(...eventIds(client.payloads))).toBeGreaterThan(latest);
  });

  it('treats a non-integer latest_event_id as -1', async () => {
    const client = connect({ conversation_id: v0id(), latest_event_id: 'abc' });
    await waitFor(() => client.payloads.length >= expectedReplay(-1).length, 'replay');
    expect(eventIds(client.payloads)).toEqual(expectedReplay(-1));
  });

  it('then delivers live events, rewriting the source of command output to agent', async () => {
    const client = connect({ conversation_id: v0id(), latest_event_id: String(server.v0.latestId(v0id())) });
    await client.connected;
    await waitFor(() => server.v0.listenerCount(v0id()) > 0, 'joined');
    const run = server.v0.append(v0id(), { source: 'environment', observation: 'run', content: 'ok', message: 'Command `true` executed', extras: { command: 'true' } });
    await waitFor(() => eventIds(client.payloads).includes(run.id), 'live event');
    expect(client.payloads.find((p) => (p as Obj)['id'] === run.id)).toMatchObject({ source: 'agent', observation: 'run' });
    // Stored (and so replayed) with its original source.
    const replay = connect({ conversation_id: v0id(), latest_event_id: String(run.id - 1) });
    await waitFor(() => eventIds(replay.payloads).includes(run.id), 'replayed');
    expect(replay.payloads.find((p) => (p as Obj)['id'] === run.id)).toMatchObject({ source: 'environment' });
  });
});

describe('V0 user actions', () => {
  it('oh_user_action message is stored as a user message action and the demo agent answers in V0 shapes', async () => {
    const client = connect({ conversation_id: v0id(), latest_event_id: String(server.v0.latestId(v0id())) });
    await client.connected;
    await waitFor(() => server.v0.listenerCount(v0id()) > 0, 'joined');
    client.socket.emit('oh_user_action', { action: 'message', args: { content: 'list the files', image_urls: [], file_urls: [], timestamp: '2025-11-03T10:15:00.000' } });
    const answer = () => client.payloads.find((p) => (p as Obj)['action'] === 'message' && (p as Obj)['source'] === 'agent');
    await waitFor(() => answer() !== undefined && client.payloads.some((p) => (p as Obj)['observation'] === 'agent_state_changed' &&
      ((p as Obj)['extras'] as Obj)['agent_state'] === 'awaiting_user_input'), 'agent answer');
    expect(client.payloads[0]).toMatchObject({ source: 'user', action: 'message', args: { content: 'list the files' } });
    expect(String((answer() as Obj)['message'])).toContain('list the files');
    expect(client.payloads.some((p) => (p as Obj)['action'] === 'run' && (p as Obj)['source'] === 'agent')).toBe(true);
    expect(client.payloads.some((p) => (p as Obj)['status_update'] === true && typeof (p as Obj)['conversation_title'] === 'string')).toBe(true);
    // Nothing V1-shaped leaks into the V1 store of a V0 conversation.
    expect(server.store.get(v0id())?.events ?? []).toEqual([]);
  });

  it('accepts the legacy oh_action alias; change_agent_state stopped stops and records it', async () => {
    const client = connect({ conversation_id: v0id(), latest_event_id: String(server.v0.latestId(v0id())) });
    await client.connected;
    await waitFor(() => server.v0.listenerCount(v0id()) > 0, 'joined');
    client.socket.emit('oh_action', { action: 'change_agent_state', args: { agent_state: 'stopped' } });
    await waitFor(() => client.payloads.some((p) => ((p as Obj)['extras'] as Obj | undefined)?.['agent_state'] === 'stopped'), 'stopped');
    expect(client.payloads[0]).toMatchObject({ source: 'user', action: 'change_agent_state', args: { agent_state: 'stopped' } });
  });

  it('refuses an image message with the real error payload and ignores garbage without disconnecting', async () => {
    const client = connect({ conversation_id: v0id(), latest_event_id: String(server.v0.latestId(v0id())) });
    await client.connected;
    await waitFor(() => server.v0.listenerCount(v0id()) > 0, 'joined');
    const before = server.v0.latestId(v0id());
    client.socket.emit('oh_user_action', 'not a dict');
    client.socket.emit('oh_user_action', { type: 'message', source: 'user', message: 'docs-style payload' });
    client.socket.emit('oh_user_action', { action: 'message', args: { content: 'see', image_urls: ['data:image/png;base64,AAAA'] } });
    await waitFor(() => client.payloads.length > 0, 'error payload');
    expect(client.payloads).toEqual([{ error: true, message: NO_VISION_MESSAGE }]);
    expect(server.v0.latestId(v0id())).toBe(before);
    expect(client.socket.connected).toBe(true);
  });
});

describe('V0 refusals (connect_error with the real messages)', () => {
  it('missing conversation_id', async () => {
    const client = connect({ latest_event_id: '-1' });
    expect((await client.connectError).message).toBe('No conversation_id in query params');
  });

  it('unknown conversation, and a V1 conversation (only V1 sockets serve it)', async () => {
    const unknown = connect({ conversation_id: '00000000000040008000000000000000' });
    expect((await unknown.connectError).message).toMatch(/^Failed to access conversation events: /);
    const v1 = connect({ conversation_id: server.conversations.demo });
    expect((await v1.connectError).message).toMatch(/^Failed to access conversation events: /);
  });

  it('session keys: wrong key (the client\'s literal "null") refused, right key accepted, a missing key never answered', async () => {
    server.setApiKeys(['sk-v0']);
    try {
      const wrong = connect({ conversation_id: v0id(), session_api_key: 'null' });
      expect((await wrong.connectError).message).toBe('invalid_session_api_key');
      const right = connect({ conversation_id: v0id(), session_api_key: 'sk-v0' });
      await right.connected;
      const missing = connect({ conversation_id: v0id() });
      let settled = false;
      void missing.connected.then(() => { settled = true; });
      void missing.connectError.then(() => { settled = true; });
      await waitFor(() => server.v0Sockets.unanswered() === 1, 'server left the connect unanswered');
      // The server has decided; the Socket.IO acknowledgement a connected client would need was never sent.
      expect(settled).toBe(false);
      expect(missing.socket.connected).toBe(false);
      missing.socket.disconnect();
      await waitFor(() => server.v0Sockets.unanswered() === 0, 'transport closed');
    } finally {
      server.setApiKeys([]);
    }
  });

  it('a paused sandbox fails the handshake itself (websocket error)', async () => {
    const conversation = server.store.get(v0id());
    if (!conversation) throw new Error('no v0 conversation');
    conversation.sandboxStatus = 'PAUSED';
    try {
      const client = connect({ conversation_id: v0id() });
      expect((await client.connectError).message).toBe('websocket error');
    } finally {
      conversation.sandboxStatus = 'RUNNING';
    }
  });
});

describe('V0 faults', () => {
  const joined = async () => {
    const client = connect({ conversation_id: v0id(), latest_event_id: String(server.v0.latestId(v0id())) });
    await client.connected;
    await waitFor(() => server.registry.count(v0id(), 'v0-socketio') > 0 && server.v0.listenerCount(v0id()) > 0, 'joined');
    return client;
  };

  it('drop loses the transport abruptly; close disconnects from the server side', async () => {
    const a = await joined();
    expect(server.faults.drop(v0id())).toBe(1);
    expect(await a.disconnected).toBe('transport close');
    const b = await joined();
    const res = await fetch(`${server.url}/_admin/faults/close`, { method: 'POST', body: JSON.stringify({ conversationId: v0id(), code: 1011, reason: 'x' }) });
    expect(await res.json()).toEqual({ result: 1 });
    expect(await b.disconnected).toBe('io server disconnect');
  });

  it('malformed payloads arrive on oh_event: bare text, an invalid dict, bytes', async () => {
    const client = await joined();
    server.faults.malformed(v0id(), 'non-json');
    server.faults.malformed(v0id(), 'invalid-event');
    server.faults.malformed(v0id(), 'binary');
    await waitFor(() => client.payloads.length >= 3, 'malformed payloads');
    expect(typeof client.payloads[0]).toBe('string');
    expect(client.payloads[1]).toMatchObject({ kind: 'MessageEvent', id: 42 });
    expect(Buffer.isBuffer(client.payloads[2]) || client.payloads[2] instanceof ArrayBuffer).toBe(true);
  });

  it('duplicate, out-of-order and withheld events over the admin API go to the V0 log', async () => {
    const client = await joined();
    const post = async (name: string, body: Obj) => (await (await fetch(`${server.url}/_admin/faults/${name}`, { method: 'POST', body: JSON.stringify({ conversationId: v0id(), ...body }) })).json()) as Obj;
    const latest = server.v0.latestId(v0id());
    expect((await post('duplicate', { count: 1 })).result).toBe(1);
    const outOfOrder = (await post('out-of-order', { count: 2 })).result as number[];
    const withheld = (await post('withhold', { count: 1 })).result as number[];
    expect((await post('v0-notice', { payload: { status_update: true, type: 'error', id: 'STATUS$ERROR_LLM_AUTHENTICATION', message: 'Invalid API key' } })).result).toBe(1);
    await waitFor(() => client.payloads.length >= 4, 'fault payloads');
    expect(eventIds(client.payloads)).toEqual([latest, ...[...outOfOrder].reverse()]);
    expect(client.payloads[3]).toMatchObject({ status_update: true, type: 'error' });
    expect(withheld[0]).toBe(server.v0.latestId(v0id()));
    expect(eventIds(client.payloads)).not.toContain(withheld[0]);
  });
});
