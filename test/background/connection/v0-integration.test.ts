import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { createMockServer, type MockServer } from '../../../src/server/index';
import { createWiredConnection } from '../../../src/background/conversation-socket-factory';
import type { SocketIoLike } from '../../../src/background/adapters/v0-socketio';
import type { Clock } from '../../../src/background/contracts';
import { DedupingSink, realClock } from './harness';
import { DEFAULT_V0_JOIN_SETTLE_MS } from '../../../src/background/resume/v0-join-gap';
import { FakeClock } from '../../fakes/fake-clock';
import { V0EventLog } from '../../../src/server/v0/v0-log';
import { waitFor } from '../../server/ws-client';
import { expectedReplayIds } from '../../server/v0-client';

/** Generous: the CI machine is shared by several processes. */
const until = (condition: () => boolean, what: string) => waitFor(condition, what, 10_000);

let server: MockServer;
beforeAll(async () => { server = await createMockServer({ port: 0, knobs: { agentStepMs: 5 } }); });
afterAll(async () => { await server.close(); });

const conversationId = () => server.conversations.v0demo;
/** Ids a full replay must deliver (§5.3): the visible events and only the last state change. */
const replayVisibleIds = (): string[] => expectedReplayIds(server.v0.after(conversationId(), -1), -1).map(String);

function wire(sink: DedupingSink, { id = conversationId(), key, clock = realClock }: { id?: string; key?: string; clock?: Clock } = {}) {
  return createWiredConnection({
    target: { serverUrl: server.url, conversationId: id, protocol: 'v0-socketio' },
    sink,
    clock,
    fetch: (input, init) => fetch(input, init),
    createWebSocket: () => { throw new Error('V1 not used here'); },
    createSocketIo: (origin, options) => io(origin, options) as unknown as SocketIoLike,
    getSessionKey: async () => key,
    policy: { baseMs: 50, capMs: 200, probeIntervalMs: 50 },
  });
}

describe('V0 adapter (socket.io-client) against the mock server', () => {
  it('receives the history, survives a drop, resumes from latest_event_id: nothing lost, nothing doubled', async () => {
    const sink = new DedupingSink();
    const connection = wire(sink);
    try {
      connection.start();
      await until(() => replayVisibleIds().every((id) => sink.ids.has(id)), 'history');
      expect(connection.status().state).toBe('open');
      const beforeDrop = server.v0.latestId(conversationId());
      expect(connection.cursor()).toMatchObject({ generation: 'v0-socketio', latestEventId: beforeDrop });

      expect(server.faults.drop(conversationId())).toBe(1);
      // Written while the client is away: only the resume replay can deliver them.
      const missed = [1, 2, 3].map((n) => server.v0.append(conversationId(),
        { source: 'agent', message: `while away ${n}`, action: 'message', args: { content: `while away ${n}` } }));
      await until(() => sink.transitions().filter((t) => t.endsWith('>open')).length >= 2, 'reconnect');
      await until(() => missed.every((e) => sink.ids.has(String(e.id))), 'events written during the drop');

      const live = server.v0.append(conversationId(), { source: 'agent', message: 'after', action: 'message', args: { content: 'after' } });
      await until(() => sink.ids.has(String(live.id)), 'live event after resume');
      expect(sink.duplicates).toBe(0);
      expect(connection.cursor()).toMatchObject({ latestEventId: live.id });
    } finally {
      connection.dispose();
    }
  });

  it('a message sent as oh_user_action makes the demo agent answer in V0 shapes', async () => {
    const sink = new DedupingSink();
    const connection = wire(sink);
    try {
      connection.start();
      await until(() => connection.status().state === 'open', 'open');
      const sent = connection.send({ as: 'v0-action', event: 'oh_user_action', value: { action: 'message', args: { content: 'hello from the SW', image_urls: [], file_urls: [] } } });
      expect(sent).toMatchObject({ ok: true });
      await until(() => sink.inbound.some((f) => f.kind === 'action:message' && f.source === 'agent' && f.summary.includes('hello from the SW')), 'agent answer');
      expect(sink.inbound.some((f) => f.kind === 'action:message' && f.source === 'user')).toBe(true);
    } finally {
      connection.dispose();
    }
  });


  // The real server replays, awaits its setup, then joins the room (§5.3, #8818): an event stored
  // in between is neither replayed nor sent live, and the next live event moves the cursor past
  // it, so no resume brings it back. The mock joins in the replay's turn; here the join waits
  // for the test, as the real server's await would.
  it('recovers over REST the events (more than a page) stored while the server joined after its replay', async () => {
    let join: (() => void) | undefined;
    const subscribe = V0EventLog.prototype.subscribe;
    V0EventLog.prototype.subscribe = function (this: V0EventLog, id, listener) {
      let off = (): void => undefined;
      join = () => { off = subscribe.call(this, id, listener); };
      return () => off();
    };
    const clock = new FakeClock(); // says when frames are live; the sockets run in real time
    const sink = new DedupingSink();
    const connection = wire(sink, { clock });
    try {
      connection.start();
      await until(() => join !== undefined && replayVisibleIds().every((id) => sink.ids.has(id)), 'the replay, then the join pending');
      V0EventLog.prototype.subscribe = subscribe;
      // More than one REST page (100): the older ones were lost when only the newest page was read.
      const stored = Array.from({ length: 250 }, (_, n) => server.v0.append(conversationId(), { source: 'agent', message: `while joining ${n}`, action: 'message', args: { content: `while joining ${n}` } }));
      join!();
      clock.advance(DEFAULT_V0_JOIN_SETTLE_MS);
      const live = server.v0.append(conversationId(), { source: 'agent', message: 'live', action: 'message', args: { content: 'live' } });
      await until(() => sink.ids.has(String(live.id)), 'the live event');
      await until(() => sink.metas.some((m) => m.type === 'note' && m.message.startsWith('250 events the socket did not bring')), 'the recovery noted');
      expect(stored.filter((e) => !sink.ids.has(String(e.id)))).toEqual([]);
      expect(sink.duplicates).toBe(0);
    } finally {
      V0EventLog.prototype.subscribe = subscribe;
      connection.dispose();
    }
  });

  // A refusal is as final as 4001/4004 (§5.2, §5.3); it used to be retried for ever as a 1006.
  describe('refusals end in failed, not in retries', () => {
    it.each([
      ['a wrong key', { key: 'wrong-key' }, 4001],
      // Without a key the parameter goes as `null`, as the real client sends it: a keyed server
      // refuses that, where a missing parameter left the connect unanswered until the watchdog.
      ['no key on a keyed server', {}, 4001],
      ['an unknown conversation', { id: 'deadbeef-0000-4000-8000-000000000000', key: 'right-key' }, 4004],
    ] as const)('%s', async (_name, options, code) => {
      server.setApiKeys(['right-key']);
      const connection = wire(new DedupingSink(), options);
      try {
        connection.start();
        await until(() => connection.status().state === 'failed', 'failed');
        expect(connection.status().lastClose?.code).toBe(code);
      } finally {
        connection.dispose();
        server.setApiKeys([]);
      }
    });
  });
});

