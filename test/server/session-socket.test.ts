import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/server/index';
import { asObj, openSocket, waitFor, wsUrl } from './ws-client';

let server: MockServer;
beforeAll(async () => { server = await createMockServer({ knobs: { agentStepMs: 1, agentDeltaMs: 1, replayPageSize: 3, replayPageDelayMs: 1 } }); });
afterAll(async () => { await server.close(); });

const sessionUrl = (query: string) => `${wsUrl(server.url)}/sockets/session/${server.conversations.demo}${query}`;
const durableSeqs = (frames: unknown[]) => frames.filter((f) => asObj(f)['type'] === 'durable').map((f) => asObj(f)['seq'] as number);

describe('session socket (§1.10)', () => {
  // session_socket.py subscribes in buffering mode: the full_state snapshot that subscribing
  // pushes waits in the buffer and goes out with it, after the replayed history.
  it('sends sync first, then every durable event with after_seq=-1, then the full_state snapshot', async () => {
    const through = server.store.throughSeq(server.conversations.demo)!;
    const client = openSocket(sessionUrl('?after_seq=-1'));
    await waitFor(() => client.frames.some((f) => asObj(f)['type'] === 'transient'), 'the snapshot');
    expect(client.frames[0]).toEqual({ type: 'sync', from_seq: -1, through_seq: through });
    expect(durableSeqs(client.frames)).toEqual(Array.from({ length: through + 1 }, (_, i) => i));
    expect(client.frames).toHaveLength(through + 3);
    expect(asObj(client.frames.at(-1))).toMatchObject({ type: 'transient', event: { key: 'full_state' } });
    client.socket.close();
  });

  // Frames are dumped with exclude_none: `{"type":"sync","through_seq":21}`, never `"from_seq":null`.
  it('live only without after_seq: sync has no from_seq, then the snapshot', async () => {
    const through = server.store.throughSeq(server.conversations.demo)!;
    const client = openSocket(sessionUrl(''));
    await waitFor(() => client.frames.length >= 2, 'sync + full_state');
    expect(client.frames[0]).toEqual({ type: 'sync', through_seq: through });
    expect(asObj(client.frames[1])).toMatchObject({ type: 'transient', event: { key: 'full_state' } });
    expect(durableSeqs(client.frames)).toEqual([]);
    client.socket.close();
  });

  it('an empty conversation: sync has no through_seq', async () => {
    const empty = server.store.create({ generation: 'v1', title: 'empty' });
    const client = openSocket(`${wsUrl(server.url)}/sockets/session/${empty.id}?after_seq=-1`);
    await waitFor(() => client.frames.length >= 2, 'sync + full_state');
    expect(client.frames[0]).toEqual({ type: 'sync', from_seq: -1 });
    client.socket.close();
  });

  it('reconnecting with after_seq=N delivers exactly the durable events after N, none twice, while live traffic continues', async () => {
    const id = server.conversations.demo;
    const n = 4;
    const producing = setInterval(() => server.store.append(id, { kind: 'CondensationRequest', source: 'environment' }), 1);
    try {
      const client = openSocket(sessionUrl(`?after_seq=${n}`));
      await waitFor(() => durableSeqs(client.frames).length > 30, 'replay and live');
      clearInterval(producing);
      const through = server.store.throughSeq(id)!;
      await waitFor(() => durableSeqs(client.frames).at(-1) === through, 'catch up');
      expect(durableSeqs(client.frames)).toEqual(Array.from({ length: through - n }, (_, i) => n + 1 + i));
      client.socket.close();
    } finally { clearInterval(producing); }
  });

  it('streams the final message as item_started/delta and retires it with a durable event of the same id', async () => {
    const client = openSocket(sessionUrl(''));
    await waitFor(() => client.frames.length >= 2, 'subscribed');
    client.socket.send(JSON.stringify({ role: 'user', content: 'hello' }));
    const started = () => client.frames.find((f) => asObj(f)['type'] === 'item_started');
    await waitFor(() => started() !== undefined, 'item_started');
    const itemId = asObj(started())['item_id'];
    await waitFor(() => client.frames.some((f) => asObj(f)['type'] === 'durable' && asObj(asObj(f)['event'])['id'] === itemId), 'durable retire');
    const deltas = client.frames.filter((f) => asObj(f)['type'] === 'delta' && asObj(f)['item_id'] === itemId);
    expect(deltas.map((d) => asObj(d)['order'])).toEqual(deltas.map((_, i) => i));
    expect(client.frames.some((f) => asObj(asObj(f)['event'] ?? {})['kind'] === 'StreamingDeltaEvent')).toBe(false);
    client.socket.close();
  });

  it('answers a bad inbound frame with an error frame and stays open', async () => {
    const client = openSocket(sessionUrl(''));
    await client.opened;
    client.socket.send('{oops');
    await waitFor(() => client.frames.some((f) => asObj(f)['type'] === 'error'), 'error frame');
    expect(client.frames.find((f) => asObj(f)['type'] === 'error')).toMatchObject({ code: 'JSONDecodeError' });
    expect(client.socket.readyState).toBe(client.socket.OPEN);
    client.socket.close();
  });

  it('retires an open stream with item_aborted when the turn is interrupted', async () => {
    server.knobs.agentDeltaMs = 50;
    try {
      const client = openSocket(sessionUrl(''));
      await waitFor(() => client.frames.length >= 2, 'subscribed');
      client.socket.send(JSON.stringify({ role: 'user', content: 'stream slowly' }));
      await waitFor(() => client.frames.some((f) => asObj(f)['type'] === 'delta'), 'first delta');
      await fetch(`${server.url}/api/conversations/${server.conversations.demo}/interrupt`, { method: 'POST' });
      await waitFor(() => client.frames.some((f) => asObj(f)['type'] === 'item_aborted'), 'item_aborted');
      const itemId = asObj(client.frames.find((f) => asObj(f)['type'] === 'item_started'))['item_id'];
      expect(client.frames.find((f) => asObj(f)['type'] === 'item_aborted')).toMatchObject({ item_id: itemId, reason: 'cancelled' });
      expect(client.frames.some((f) => asObj(f)['type'] === 'durable' && asObj(asObj(f)['event'])['id'] === itemId)).toBe(false);
      client.socket.close();
    } finally { server.knobs.agentDeltaMs = 1; }
  });
});
