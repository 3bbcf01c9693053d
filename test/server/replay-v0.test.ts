import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/server/index';
import { createReplayServer, loadRecordingFile, type ReplayServer } from '../../src/server/replay/index';
import type { LogRecord } from '../../src/shared/record';
import { FakeClock } from '../fakes/fake-clock';
import { RecordBuilder } from '../shared/recording/make-records';
import { headerFor, saveRecording, STEP_MS } from './replay-helpers';
import { waitFor } from './ws-client';

type Obj = Record<string, unknown>;

function openV0(url: string, conversationId: string, latestEventId = -1): { socket: Socket; payloads: Obj[] } {
  const base = new URL(url);
  const socket = io(base.origin, {
    path: `${base.pathname.replace(/\/+$/, '')}/socket.io`, query: { conversation_id: conversationId, latest_event_id: String(latestEventId) },
    transports: ['websocket'], reconnection: false, forceNew: true,
  });
  const payloads: Obj[] = [];
  socket.on('oh_event', (payload: Obj) => payloads.push(payload));
  return { socket, payloads };
}

const ids = (payloads: Obj[]): unknown[] => payloads.filter((p) => typeof p['id'] === 'number').map((p) => p['id']);

let source: MockServer;
let recording: LogRecord[];
let original: Obj[];
const replays: ReplayServer[] = [];

beforeAll(async () => {
  source = await createMockServer();
  const id = source.conversations.v0demo;
  const client = openV0(source.url, id);
  // The V0 history burst has no end marker (§5.3): wait for the newest stored id.
  await waitFor(() => ids(client.payloads).includes(source.v0.latestId(id)), 'the V0 history');
  client.socket.disconnect();
  original = client.payloads;
  const builder = new RecordBuilder('v0-socketio');
  for (const payload of original) builder.in(JSON.stringify(payload), STEP_MS);
  recording = builder.records;
});
afterAll(async () => {
  await Promise.all(replays.map((r) => r.close()));
  await source.close();
});

async function replayOf(format: 'ndjson' | 'har', options: Omit<Parameters<typeof createReplayServer>[0], 'recording'>): Promise<ReplayServer> {
  const header = { ...headerFor(source, 'v0-socketio'), conversationId: source.conversations.v0demo };
  const replay = await createReplayServer({ recording: await loadRecordingFile(await saveRecording(header, recording, format)), ...options });
  replays.push(replay);
  return replay;
}

describe('replaying a V0 (Socket.IO) recording', () => {
  it('serves the recorded oh_event payloads in order, and resumes by latest_event_id', async () => {
    expect(ids(original).length).toBeGreaterThan(10);
    const replay = await replayOf('har', { speed: 'max' });
    const client = openV0(replay.url, replay.conversationId);
    await waitFor(() => client.payloads.length >= original.length, 'the replayed history');
    expect(client.payloads).toEqual(original);
    client.socket.disconnect();

    const resumeAt = ids(original)[5] as number;
    const resumed = openV0(replay.url, replay.conversationId, resumeAt);
    const expected = ids(original).filter((id) => (id as number) > resumeAt);
    await waitFor(() => ids(resumed.payloads).length >= expected.length, 'the resumed history');
    expect(ids(resumed.payloads)).toEqual(expected);
    resumed.socket.disconnect();
  });

  it('is served by a V0 server, so a client choosing by /server_info and the V1 REST picks Socket.IO', async () => {
    const replay = await replayOf('ndjson', { speed: 'max' });
    expect(replay.server.generation).toBe('v0');
    expect(await (await fetch(`${replay.url}/server_info`)).json()).not.toHaveProperty('version');
    expect((await fetch(`${replay.url}/api/conversations/${replay.conversationId}/events/count`)).status).toBe(404);
  });

  it('plays live at the recorded pace to a client that was waiting for it', async () => {
    const clock = new FakeClock();
    const replay = await replayOf('ndjson', { speed: 1, clock, startOn: 'first-client' });
    const client = openV0(replay.url, replay.conversationId);
    await waitFor(() => clock.pending() > 0, 'playback to be scheduled by the first client');
    clock.advance(0);
    const history = ids(original);
    expect(ids(client.payloads).length).toBeLessThan(history.length);
    clock.advance(STEP_MS * (recording.length + 1));
    await waitFor(() => ids(client.payloads).length >= history.length, 'the live replay');
    expect(ids(client.payloads)).toEqual(history);
    client.socket.disconnect();
  });
});
