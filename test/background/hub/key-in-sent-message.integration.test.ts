// A message that quotes the connection's own session key (a pasted curl line, an env dump): the
// server gets the real text, the log holds the outgoing row with the key masked, as it holds the
// echo, and the echo settles the send (compared masked). The row used to show the key, and the
// masked echo never matched it, so the send turned `no-echo`.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ConnectionManager } from '../../../src/background/connection-manager';
import { runManagerCommand } from '../../../src/background/connection-manager-commands';
import { createWiredConnection } from '../../../src/background/conversation-socket-factory';
import type { Clock, WebSocketLike } from '../../../src/background/contracts';
import { KeyStore } from '../../../src/background/key-store';
import { createMockServer, type MockServer } from '../../../src/server/index';
import type { Command } from '../../../src/shared/port/messages';
import { memorySessionArea } from '../../fakes/memory-session-area';
import { waitFor } from '../../server/ws-client';

const SECRET = 'sk-oh-3f9a1c27e4b84d0c9e1f';
const clock: Clock = { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h) };
const until = (condition: () => boolean, what: string) => waitFor(condition, what, 15_000);

let server: MockServer;
let manager: ConnectionManager;
beforeAll(async () => {
  server = await createMockServer({ port: 0, sessionApiKeys: [SECRET], knobs: { agentStepMs: 5, agentDeltaMs: 1 } });
  const fetchFn = (input: string, init?: RequestInit) => fetch(input, init);
  manager = new ConnectionManager({
    clock, keyStore: new KeyStore(memorySessionArea(new Map())), fetch: fetchFn, statusIntervalMs: 50,
    createConnection: (target, sink, getSessionKey, { initialCursor, policy }) => createWiredConnection({
      target, sink, clock, getSessionKey, initialCursor, policy, fetch: fetchFn,
      createWebSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
      createSocketIo: () => { throw new Error('no V0 here'); },
    }),
    onRecord: () => undefined, onStatus: () => undefined, onRemoved: () => undefined,
  });
});
afterAll(async () => {
  for (const key of manager.keys()) manager.detach(key);
  await server.close();
});

type Json = Record<string, unknown>;
const storedUserTexts = (id: string) => (server.store.get(id)!.events as Json[])
  .filter((e) => e.kind === 'MessageEvent' && e.source === 'user')
  .map((e) => ((e.llm_message as Json).content as Json[]).map((c) => c.text).join(''));

async function sendQuotingTheKey(route: 'send' | 'sendRest') {
  const conversation = server.store.create({ generation: 'v1', title: `key in a message (${route})` });
  // A short echo timeout (policy): without a match the send would turn no-echo after it.
  const key = await manager.attach({ serverUrl: server.url, conversationId: conversation.id, protocol: 'v1-events' }, SECRET, { policy: { echoTimeoutMs: 2_000 } });
  manager.subscribe(key);
  const log = manager.log(key)!;
  // The subscribe snapshot: the server took the auth frame and reads messages now (the mock drops
  // a frame that arrives together with the auth frame, before its message handler is set).
  await until(() => manager.status(key)?.state === 'open' && log.since(-1).some((r) => r.direction === 'in'), 'open and subscribed');
  const text = `why does curl -H 'X-Session-API-Key: ${SECRET}' http://localhost:8000/api/conversations answer 401? (${route})`;
  const message = { role: 'user', content: [{ type: 'text', text }] };
  const command: Command = route === 'send' ? { name: 'send', key, frame: { as: 'json', value: message } } : { name: 'sendRest', key, message, run: false };
  const answer = await runManagerCommand(manager, command);
  const seq = typeof answer === 'number' ? answer : (answer as { seq: number }).seq;
  await until(() => log.get(seq)?.outgoing?.status !== 'pending', 'settled');
  const out = log.get(seq)!;
  return { text, conversationId: conversation.id, status: out.outgoing?.status, keyInRow: out.raw.includes(SECRET) || out.summary.includes(SECRET) };
}

it('over the socket: the server gets the real text; the row is masked and echoed', async () => {
  const sent = await sendQuotingTheKey('send');
  expect(storedUserTexts(sent.conversationId)).toEqual([sent.text]);
  expect({ status: sent.status, keyInRow: sent.keyInRow }).toEqual({ status: 'echoed', keyInRow: false });
});

it('over REST: the same', async () => {
  const sent = await sendQuotingTheKey('sendRest');
  expect(storedUserTexts(sent.conversationId)).toEqual([sent.text]);
  expect({ status: sent.status, keyInRow: sent.keyInRow }).toEqual({ status: 'echoed', keyInRow: false });
});
