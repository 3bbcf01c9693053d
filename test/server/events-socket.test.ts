import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/server/index';
import { asObj, openSocket, waitFor, wsUrl } from './ws-client';

let server: MockServer;
beforeAll(async () => { server = await createMockServer({ knobs: { agentStepMs: 2, agentDeltaMs: 1 } }); });
afterAll(async () => { await server.close(); });

const eventsUrl = (query = '', id = server.conversations.demo) => `${wsUrl(server.url)}/sockets/events/${id}${query}`;

describe('events socket', () => {
  it('sends full_state first, then the whole history with resend_mode=all, one event per frame', async () => {
    const history = server.store.range(server.conversations.demo, 0, 10_000).map((e) => e.event.id);
    const client = openSocket(eventsUrl('?resend_mode=all'));
    await waitFor(() => client.frames.length >= history.length + 1, 'history');
    expect(asObj(client.frames[0])).toMatchObject({ kind: 'ConversationStateUpdateEvent', key: 'full_state' });
    expect(client.frames.slice(1, history.length + 1).map((f) => asObj(f)['id'])).toEqual(history);
    client.socket.close();
  });

  it('sends only full_state without resend params (live only), and resend_all=true replays', async () => {
    const live = openSocket(eventsUrl());
    const legacy = openSocket(eventsUrl('?resend_all=true'));
    await waitFor(() => legacy.frames.length > 5, 'legacy replay');
    expect(live.frames).toHaveLength(1);
    live.socket.close();
    legacy.socket.close();
  });

  it('resend_mode=since is inclusive at the boundary', async () => {
    const events = server.store.range(server.conversations.demo, 0, 10_000).map((e) => e.event);
    const boundary = events[5]!;
    const client = openSocket(eventsUrl(`?resend_mode=since&after_timestamp=${encodeURIComponent(boundary.timestamp)}`));
    const expected = events.filter((e) => e.timestamp >= boundary.timestamp).map((e) => e.id);
    await waitFor(() => client.frames.length >= expected.length + 1, 'since replay');
    expect(client.frames.slice(1).map((f) => asObj(f)['id'])).toEqual(expected);
    expect(expected[0]).toBe(boundary.id);
    client.socket.close();
  });

  it('echoes an inbound message to every subscriber and the demo agent answers with streamed deltas', async () => {
    const sender = openSocket(eventsUrl());
    const watcher = openSocket(eventsUrl());
    await Promise.all([sender.opened, watcher.opened]);
    await waitFor(() => sender.frames.length >= 1 && watcher.frames.length >= 1, 'full_state');
    sender.socket.send(JSON.stringify({ role: 'user', content: [{ type: 'text', text: 'run the tests' }], run: true }));
    const isFinal = (f: unknown) => asObj(f)['kind'] === 'MessageEvent' && asObj(f)['source'] === 'agent';
    await waitFor(() => watcher.frames.some(isFinal), 'agent answer');
    const kinds = watcher.frames.map((f) => asObj(f)['kind']);
    expect(watcher.frames.some((f) => asObj(f)['kind'] === 'MessageEvent' && asObj(f)['source'] === 'user')).toBe(true);
    expect(kinds).toContain('StreamingDeltaEvent');
    expect(kinds.indexOf('StreamingDeltaEvent')).toBeLessThan(watcher.frames.findIndex(isFinal));
    sender.socket.close();
    watcher.socket.close();
  });

  it('answers bad inbound frames with ServerErrorEvent and stays open', async () => {
    const client = openSocket(eventsUrl());
    await client.opened;
    client.socket.send('not json');
    client.socket.send(JSON.stringify({ text: 'hi' }));
    client.socket.send(Buffer.from([1, 2, 3]));
    await waitFor(() => client.frames.filter((f) => asObj(f)['kind'] === 'ServerErrorEvent').length === 3, 'three errors');
    const codes = client.frames.filter((f) => asObj(f)['kind'] === 'ServerErrorEvent').map((f) => asObj(f)['code']);
    expect(codes.slice(0, 2)).toEqual(['JSONDecodeError', 'ValidationError']);
    expect(client.socket.readyState).toBe(client.socket.OPEN);
    client.socket.close();
  });

  it('interleaves live events with the replay (and duplicates them, as the real server) when on; never when off', async () => {
    const id = server.conversations.demo;
    const run = async (interleave: boolean): Promise<number[]> => {
      server.knobs.interleaveReplay = interleave;
      server.knobs.replayPageSize = 2;
      server.knobs.replayPageDelayMs = 10;
      const client = openSocket(eventsUrl('?resend_mode=all'));
      await waitFor(() => client.frames.length >= 2, 'first page');
      const live = server.store.append(id, { kind: 'PauseEvent', source: 'user' });
      const total = server.store.throughSeq(id)! + 2;
      await waitFor(() => client.frames.length >= total, 'rest of replay');
      await waitFor(() => asObj(client.frames.at(-1))['id'] === live.id, 'replay reaches the live event');
      client.socket.close();
      return client.frames.flatMap((f, i) => (asObj(f)['id'] === live.id ? [i] : []));
    };
    try {
      const interleaved = await run(true);
      expect(interleaved).toHaveLength(2);
      expect(interleaved[0]).toBeLessThan(server.store.throughSeq(id)!);
      // full_state, then the whole history in log order, the live event last and once
      expect(await run(false)).toEqual([server.store.throughSeq(id)! + 1]);
    } finally {
      server.knobs.interleaveReplay = true;
      server.knobs.replayPageSize = 100;
      server.knobs.replayPageDelayMs = 0;
    }
  });
});
