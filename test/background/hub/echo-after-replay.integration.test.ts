// A message sent while the history still replays is settled by its own echo, not by an older
// identical user message (a template sent again) that the replay brings after the send. One test
// per generation against the mock server, whose replay is slowed by its knobs (pages of 5, a pause
// between pages) so that the send lands before the old message is replayed.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { WebSocket } from 'ws';
import { ConnectionManager } from '../../../src/background/connection-manager';
import { runManagerCommand } from '../../../src/background/connection-manager-commands';
import { createWiredConnection } from '../../../src/background/conversation-socket-factory';
import type { SocketIoLike } from '../../../src/background/adapters/v0-socketio';
import type { Clock, WebSocketLike } from '../../../src/background/contracts';
import { KeyStore } from '../../../src/background/key-store';
import { createMockServer, type MockServer } from '../../../src/server/index';
import { userMessage } from '../../../src/server/demo-events';
import { v0AgentMessage, v0UserMessage } from '../../../src/server/v0/v0-events';
import type { ConnectionTarget } from '../../../src/shared/connection';
import type { OutgoingFrame } from '../../../src/shared/port/messages';
import { memorySessionArea } from '../../fakes/memory-session-area';
import { waitFor } from '../../server/ws-client';

const TEXT = 'Hello! What can you do?'; // the first built-in template
const clock: Clock = { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h) };
const until = (condition: () => boolean, what: string) => waitFor(condition, what, 15_000);

let server: MockServer;
let manager: ConnectionManager;
beforeAll(async () => {
  // The events socket buffers live events during its replay here, as the session socket always does.
  server = await createMockServer({ port: 0, knobs: { agentStepMs: 5, agentDeltaMs: 1, replayPageSize: 5, replayPageDelayMs: 300, interleaveReplay: false } });
  const fetchFn = (input: string, init?: RequestInit) => fetch(input, init);
  manager = new ConnectionManager({
    clock, keyStore: new KeyStore(memorySessionArea(new Map())), fetch: fetchFn, statusIntervalMs: 50,
    createConnection: (target, sink, getSessionKey, { initialCursor, policy }) => createWiredConnection({
      target, sink, clock, getSessionKey, initialCursor, policy, tailFirstAbove: 100_000, fetch: fetchFn,
      createWebSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
      createSocketIo: (origin, options) => io(origin, options) as unknown as SocketIoLike,
    }),
    onRecord: () => undefined, onStatus: () => undefined, onRemoved: () => undefined,
  });
});
afterAll(async () => {
  for (const key of manager.keys()) manager.detach(key);
  await server.close();
});

/**
 * Attaches, sends `frame` once the replay has begun but before it reached the old message, and
 * returns what the outgoing record was linked to once our own echo is held.
 */
async function sendDuringReplay(target: ConnectionTarget, frame: OutgoingFrame, oldId: string, ourEchoId: () => string | undefined) {
  const key = await manager.attach(target, undefined, {});
  manager.subscribe(key);
  const log = manager.log(key)!;
  await until(() => manager.status(key)?.state === 'open' && log.since(-1).some((r) => r.direction === 'in' && r.summary.includes('filler 0')), 'the replay began');
  expect(log.hasEventId(oldId)).toBe(false); // the old message comes after the send
  const seq = await runManagerCommand(manager, { name: 'send', key, frame }) as number;
  await until(() => log.hasEventId(oldId), 'the old message replayed');
  await until(() => { const id = ourEchoId(); return id !== undefined && log.hasEventId(id); }, 'our echo received');
  await until(() => log.get(seq)?.outgoing?.status !== 'pending', 'settled');
  const out = log.get(seq)!.outgoing!;
  return { status: out.status, linkedTo: out.echoSeq === undefined ? undefined : log.get(out.echoSeq)?.eventId };
}

const v1Message: OutgoingFrame = { as: 'json', value: { role: 'user', content: [{ type: 'text', text: TEXT }] } };

function v1Conversation(title: string) {
  const conversation = server.store.create({ generation: 'v1', title });
  for (let i = 0; i < 10; i++) server.store.append(conversation.id, { kind: 'MessageEvent', source: 'agent', llm_message: { role: 'assistant', content: [{ type: 'text', text: `filler ${i}` }] } });
  const old = server.store.append(conversation.id, userMessage(TEXT)); // yesterday's run, third replay page
  const ours = () => server.store.get(conversation.id)!.events.find((e) => e.source === 'user' && e.id !== old.id)?.id;
  return { id: conversation.id, old: old.id, ours };
}

it('session socket: history at or below sync.through_seq never echoes', async () => {
  const c = v1Conversation('replay vs echo (session)');
  const linked = await sendDuringReplay({ serverUrl: server.url, conversationId: c.id, protocol: 'v1-session' }, v1Message, c.old, c.ours);
  expect(linked).toEqual({ status: 'echoed', linkedTo: c.ours() });
});

it('events socket: events stamped before the subscribe snapshot never echo', async () => {
  const c = v1Conversation('replay vs echo (events)');
  const linked = await sendDuringReplay({ serverUrl: server.url, conversationId: c.id, protocol: 'v1-events' }, v1Message, c.old, c.ours);
  expect(linked).toEqual({ status: 'echoed', linkedTo: c.ours() });
});

it('V0: of identical messages in one replay, the newest is the echo', async () => {
  const conversation = server.store.create({ generation: 'v0', title: 'replay vs echo (V0)' });
  for (let i = 0; i < 10; i++) server.v0.persistQuietly(conversation.id, v0AgentMessage(`filler ${i}`));
  const old = server.v0.persistQuietly(conversation.id, v0UserMessage(TEXT));
  const ours = () => server.v0.after(conversation.id, old.id).find((e) => e.source === 'user' && e['action'] === 'message')?.id;
  const frame: OutgoingFrame = { as: 'v0-action', event: 'oh_user_action', value: { action: 'message', args: { content: TEXT, image_urls: [], file_urls: [] } } };
  const linked = await sendDuringReplay({ serverUrl: server.url, conversationId: conversation.id, protocol: 'v0-socketio' }, frame, String(old.id), () => {
    const id = ours();
    return id === undefined ? undefined : String(id);
  });
  expect(linked).toEqual({ status: 'echoed', linkedTo: String(ours()) });
});
