import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/server/index';
import { createReplayServer, loadRecordingFile, type ReplayServer } from '../../src/server/replay/index';
import type { LogRecord } from '../../src/shared/record';
import { FakeClock } from '../fakes/fake-clock';
import { captureFromMock, headerFor, openTextSocket, parsed, recordedDurables, saveRecording, STEP_MS } from './replay-helpers';
import { waitFor, wsUrl } from './ws-client';

// The official client picks window.WebSocket, else require('ws'), which fails in ESM on Node 20.
(globalThis as unknown as { window: { WebSocket: typeof WebSocket } }).window = { WebSocket };
const client = await import('@openhands/typescript-client');

let source: MockServer;
let eventsRecording: LogRecord[];
let sessionRecording: LogRecord[];
const replays: ReplayServer[] = [];

beforeAll(async () => {
  source = await createMockServer({ knobs: { agentStepMs: 2, agentDeltaMs: 1 } });
  eventsRecording = await captureFromMock(source, 'v1-events');
  sessionRecording = await captureFromMock(source, 'v1-session');
  await source.close();
});
afterAll(async () => {
  await Promise.all(replays.map((r) => r.close()));
});

async function replayOf(records: LogRecord[], protocol: 'v1-events' | 'v1-session', format: 'ndjson' | 'har', options: Omit<Parameters<typeof createReplayServer>[0], 'recording'> = {}): Promise<ReplayServer> {
  const file = await saveRecording(headerFor(source, protocol), records, format);
  const replay = await createReplayServer({ recording: await loadRecordingFile(file), ...options });
  replays.push(replay);
  return replay;
}

const durableEventsOf = (frames: Array<Record<string, unknown>>): unknown[] =>
  frames.filter((f) => f['type'] === 'durable').map((f) => f['event']);

describe.each([['v1-events', 'ndjson'], ['v1-session', 'har']] as const)('replaying a %s recording (%s file)', (protocol, format) => {
  const recording = (): LogRecord[] => (protocol === 'v1-events' ? eventsRecording : sessionRecording);

  it('serves the recorded events in order on the events socket (resend_all), the session socket (after_seq) and REST', async () => {
    const expected = recordedDurables(recording());
    expect(expected.length).toBeGreaterThan(15);
    expect(expected.map((e) => e['kind'])).toEqual(expect.arrayContaining(['ActionEvent', 'ObservationEvent', 'MessageEvent', 'ConversationStateUpdateEvent']));
    const replay = await replayOf(recording(), protocol, format, { speed: 'max' });
    const base = `${wsUrl(replay.url)}/sockets`;

    const events = openTextSocket(`${base}/events/${replay.conversationId}?resend_all=true`);
    await waitFor(() => events.texts.length >= expected.length + 1, 'events-socket replay');
    const [first, ...rest] = parsed(events.texts);
    expect(first?.['key']).toBe('full_state');
    expect(rest).toEqual(expected);
    events.socket.close();

    const session = openTextSocket(`${base}/session/${replay.conversationId}?after_seq=-1`);
    await waitFor(() => durableEventsOf(parsed(session.texts)).length >= expected.length, 'session-socket history');
    expect(parsed(session.texts)[0]).toEqual({ type: 'sync', from_seq: -1, through_seq: expected.length - 1 });
    expect(durableEventsOf(parsed(session.texts))).toEqual(expected);
    session.socket.close();

    const resumed = openTextSocket(`${base}/session/${replay.conversationId}?after_seq=9`);
    await waitFor(() => durableEventsOf(parsed(resumed.texts)).length >= expected.length - 10, 'session resume');
    expect(durableEventsOf(parsed(resumed.texts))).toEqual(expected.slice(10));
    resumed.socket.close();

    const list = new client.RemoteEventsList({ baseUrl: replay.url }, replay.conversationId);
    expect((await list.getEvents()).map((e) => e.id)).toEqual(expected.map((e) => e['id']));
  });
});

describe('replay timing, with an injected clock', () => {
  it('speed 1 publishes each event at its recorded offset; 10 ten times sooner; max all at once', async () => {
    const expected = recordedDurables(eventsRecording);
    const firstIn = eventsRecording.find((r) => r.direction === 'in')?.receivedAt ?? 0;
    const offsetOf = (id: unknown): number => (eventsRecording.find((r) => r.direction === 'in' && r.eventId === id)?.receivedAt ?? NaN) - firstIn;
    const lastOffset = offsetOf(expected.at(-1)?.['id']);
    expect(lastOffset).toBeGreaterThan(10 * STEP_MS);

    for (const speed of [1, 10] as const) {
      const clock = new FakeClock();
      const replay = await replayOf(eventsRecording, 'v1-events', 'ndjson', { speed, clock });
      const persisted = (): number => (replay.server.store.throughSeq(replay.conversationId) ?? -1) + 1;
      const dueBy = (t: number): number => expected.filter((e) => offsetOf(e['id']) / speed <= t).length;
      expect(persisted()).toBe(dueBy(0));
      for (const event of expected) {
        const due = offsetOf(event['id']) / speed;
        clock.advance(Math.max(0, due - clock.now() - 1));
        expect(persisted()).toBe(dueBy(due - 1)); // not a millisecond early…
        clock.advance(due - clock.now());
        expect(persisted()).toBe(dueBy(due)); // …and there on time
      }
      expect(persisted()).toBe(expected.length);
      expect(replay.player.state).toBe('playing'); // the closing full_state snapshot is still due
      clock.advance(10 * STEP_MS);
      await replay.player.finished();
      expect(replay.player.state).toBe('finished');
    }

    const clock = new FakeClock();
    const max = await replayOf(eventsRecording, 'v1-events', 'ndjson', { speed: 'max', clock });
    expect((max.server.store.throughSeq(max.conversationId) ?? -1) + 1).toBe(expected.length);
    expect(max.player.state).toBe('finished');
  });

  it('the official client, connected live, receives the replay in order as it plays', async () => {
    const clock = new FakeClock();
    const replay = await replayOf(eventsRecording, 'v1-events', 'ndjson', { speed: 1, clock });
    const received: Array<{ id?: string; kind?: string; key?: string }> = [];
    const socket = new client.WebSocketCallbackClient({ host: replay.url, conversationId: replay.conversationId, callback: (e) => received.push(e as { id?: string }) });
    socket.start();
    try {
      await waitFor(() => received.length >= 1, 'the subscribe full_state');
      clock.advance(1_000_000);
      const expectedLive = recordedDurables(eventsRecording).slice(1).map((e) => e['id']);
      await waitFor(() => expectedLive.every((id) => received.some((e) => e.id === id)), 'the live replay');
      const liveIds = received.map((e) => e.id).filter((id) => expectedLive.includes(id));
      expect(liveIds).toEqual(expectedLive);
      expect(received.filter((e) => e.kind === 'StreamingDeltaEvent').length).toBeGreaterThan(0);
    } finally {
      socket.stop();
    }
  });

  it('loops with fresh ids and timestamps, so clients see the conversation again instead of deduping it away', async () => {
    const clock = new FakeClock();
    const replay = await replayOf(eventsRecording, 'v1-events', 'ndjson', { speed: 'max', loop: true, clock, loopPauseMs: 500 });
    const expected = recordedDurables(eventsRecording);
    const store = replay.server.store;
    expect(store.throughSeq(replay.conversationId)).toBe(expected.length - 1);
    clock.advance(499);
    expect(store.throughSeq(replay.conversationId)).toBe(expected.length - 1);
    clock.advance(1);
    const all = store.range(replay.conversationId, 0, 10_000).map((e) => e.event);
    expect(all).toHaveLength(2 * expected.length);
    const second = all.slice(expected.length);
    expect(second.map((e) => e.kind)).toEqual(expected.map((e) => e['kind']));
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    const firstAction = expected.findIndex((e) => e['kind'] === 'ObservationEvent');
    // References follow their events: the observation points at the looped action.
    expect(second.some((e) => e.id === second[firstAction]?.['action_id'])).toBe(true);
    expect((second[0]?.timestamp ?? '') > (all[expected.length - 1]?.timestamp ?? '')).toBe(true);
    replay.player.stop();
  });

  it('does not let the demo agent answer: a message is echoed and stored, nothing more', async () => {
    const replay = await replayOf(eventsRecording, 'v1-events', 'ndjson', { speed: 'max' });
    const before = replay.server.store.throughSeq(replay.conversationId) ?? -1;
    const live = openTextSocket(`${wsUrl(replay.url)}/sockets/events/${replay.conversationId}`);
    await live.opened;
    live.socket.send('{"role":"user","content":"hello replay"}');
    await waitFor(() => parsed(live.texts).some((e) => e['kind'] === 'MessageEvent'), 'the echo');
    expect(replay.server.store.throughSeq(replay.conversationId)).toBe(before + 1);
    live.socket.close();
  });
});
