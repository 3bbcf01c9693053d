import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/server/index';
import { createReplayServer, type ReplayServer } from '../../src/server/replay/index';
import { CONVERSATION, RecordBuilder } from '../shared/recording/make-records';
import { recordingOf } from './replay-helpers';
import { asObj, openSocket, waitFor, wsUrl } from './ws-client';

// §1.3: the auth frame goes out in onopen, and a client (Canvas, the extension) may send a
// queued message right behind it; `ws` hands the server both frames in one go.
const KEY = 'k';
const message = (text: string): string => JSON.stringify({ role: 'user', content: [{ type: 'text', text }] });
const textsOf = (frames: unknown[]): string[] => frames.map((f) => JSON.stringify(f));
type Store = MockServer['store'];
/** The texts of the user messages `store` holds for `conversationId`, oldest first. */
const userTexts = (store: Store, conversationId: string) => (): string[] =>
  store.range(conversationId, 0, Number.MAX_SAFE_INTEGER).flatMap(({ event }) => {
    const message = event['llm_message'] as { role?: string; content?: Array<{ text?: string }> } | undefined;
    return message?.role === 'user' ? (message.content ?? []).flatMap((item) => item.text ?? []) : [];
  });

/**
 * Sends auth and `first` back to back, then `second` once the socket answers: frames are handled
 * in order, so once `second` is stored, `first` was either stored before it or lost.
 */
async function sendBehindAuth(storedTexts: () => string[], socketUrl: string, label: string): Promise<unknown[]> {
  const client = openSocket(socketUrl);
  await client.opened;
  client.socket.send(JSON.stringify({ type: 'auth', session_api_key: KEY }));
  client.socket.send(message(`${label}: right behind auth`));
  try {
    await waitFor(() => client.frames.length > 0, 'the first server frame');
    client.socket.send(message(`${label}: after the first answer`));
    await waitFor(() => storedTexts().includes(`${label}: after the first answer`), 'the later message stored');
    expect(storedTexts().filter((text) => text.startsWith(`${label}: `))).toEqual([`${label}: right behind auth`, `${label}: after the first answer`]);
    return client.frames;
  } finally {
    client.socket.close();
  }
}

describe('a message right behind the first-message auth frame', () => {
  let server: MockServer;
  beforeAll(async () => { server = await createMockServer({ sessionApiKeys: [KEY], knobs: { demoAgent: false } }); });
  afterAll(async () => { await server.close(); });
  const stored = (): string[] => userTexts(server.store, server.conversations.demo)();

  it('is stored on the events socket, and echoed after the full_state snapshot', async () => {
    const frames = await sendBehindAuth(stored, `${wsUrl(server.url)}/sockets/events/${server.conversations.demo}`, 'events');
    expect(asObj(frames[0])).toMatchObject({ kind: 'ConversationStateUpdateEvent', key: 'full_state' });
    await waitFor(() => textsOf(frames).some((t) => t.includes('events: after the first answer')), 'the later echo');
    const echoes = textsOf(frames).filter((t) => t.includes('events: '));
    expect(echoes.map((t) => (t.includes('right behind auth') ? 'behind' : 'after'))).toEqual(['behind', 'after']);
  });

  it('is stored on the session socket, and delivered as a durable event', async () => {
    const frames = await sendBehindAuth(stored, `${wsUrl(server.url)}/sockets/session/${server.conversations.demo}`, 'session');
    await waitFor(() => textsOf(frames).some((t) => t.includes('session: right behind auth')), 'the echo');
    expect(asObj(frames[0])['type']).toBe('sync');
    expect(frames.filter((f) => asObj(f)['type'] === 'durable' && JSON.stringify(f).includes('session: right behind auth'))).toHaveLength(1);
  });
});

describe('the replay server', () => {
  const conversationId = CONVERSATION;
  let replay: ReplayServer;
  beforeAll(async () => {
    const builder = new RecordBuilder('v1-events');
    builder.in(JSON.stringify({ kind: 'PauseEvent', id: crypto.randomUUID(), timestamp: '2026-08-22T14:03:11.482913', source: 'user' }), 10);
    replay = await createReplayServer({ recording: recordingOf('v1-events', builder.records), speed: 'max', mock: { sessionApiKeys: [KEY] } });
    await replay.player.finished();
  });
  afterAll(async () => { await replay.close(); });

  it('stores a message sent right behind the auth frame', async () => {
    await sendBehindAuth(userTexts(replay.server.store, conversationId), `${wsUrl(replay.url)}/sockets/events/${conversationId}`, 'replay');
  });
});
