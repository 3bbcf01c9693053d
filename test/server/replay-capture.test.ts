import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/server/index';
import { createReplayServer, loadRecordingFile, type ReplayServer } from '../../src/server/replay/index';
import type { LogRecord } from '../../src/shared/record';
import { captureWithExtensionCode } from './extension-capture';
import { headerFor, saveRecording } from './replay-helpers';
import { waitFor } from './ws-client';

/**
 * The round trip a tester makes: capture a conversation with the extension's own connection
 * code, save it, serve it with the replay server, capture it again the same way. The second
 * capture must show the same server frames, in the same order, with the same contents.
 */
const inbound = (records: LogRecord[]): LogRecord[] => records.filter((r) => r.direction === 'in');
const isFullState = (r: LogRecord): boolean => r.stateKey === 'full_state';
/** What a frame says, independent of how the server spelled the JSON. */
const content = (r: LogRecord): unknown => {
  // An events-socket delta run is named after the log seq it started at, which the replay's extra first frame shifts.
  const stream = r.streamItem && { ...r.streamItem, itemId: r.streamItem.itemId.startsWith('deltas-from-') ? 'deltas' : r.streamItem.itemId };
  return { frameType: r.frameType, kind: r.kind, validity: r.validity, value: JSON.parse(r.raw) as unknown, streamItem: stream };
};

let source: MockServer;
const replays: ReplayServer[] = [];
beforeAll(async () => { source = await createMockServer({ knobs: { agentStepMs: 5, agentDeltaMs: 2 } }); });
afterAll(async () => { await Promise.all(replays.map((r) => r.close())); await source.close(); });

describe.each(['v1-events', 'v1-session'] as const)('%s: capture, replay, capture again', (protocol) => {
  it('gives the same server frames in order, kinds and contents', async () => {
    const id = source.conversations.demo;
    const first = captureWithExtensionCode(source.url, id, protocol);
    await waitFor(() => inbound(first.records()).some((r) => r.kind === 'MessageEvent'), 'history', 10_000);
    expect(source.triggerAgent(id)).toBe(true);
    await waitFor(() => inbound(first.records()).filter(isFullState).length >= 2, 'the end of the agent run', 10_000);
    first.stop();
    const original = inbound(first.records());
    expect(original.some((r) => r.category === 'stream')).toBe(true);

    const file = await saveRecording(headerFor(source, protocol), first.records(), 'ndjson');
    const replay = await createReplayServer({ recording: await loadRecordingFile(file), speed: 'max', startOn: 'first-client' });
    replays.push(replay);
    const again = captureWithExtensionCode(replay.url, replay.conversationId, protocol);
    // The replay server adds what any server sends a new socket: a sync frame and its own full_state.
    const expected = original.filter((r) => r.frameType !== 'sync');
    const replayed = (): LogRecord[] => {
      const frames = inbound(again.records()).filter((r) => r.frameType !== 'sync');
      return frames.slice(frames.findIndex(isFullState) + 1);
    };
    await waitFor(() => replayed().length >= expected.length, 'the replayed conversation', 10_000);
    again.stop();
    expect(replayed().map(content)).toEqual(expected.map(content));
  });
});

describe('v0-socketio: capture, replay, capture again', () => {
  /** V0's connect-time rules (§5.3) reorder agent-state changes and never replay status notices. */
  const comparable = (records: LogRecord[]): unknown[] =>
    records.filter((r) => r.frameType === 'v0-event' && r.kind !== 'observation:agent_state_changed').map(content);
  const awaiting = (records: LogRecord[]): number => records.filter((r) => r.raw.includes('"agent_state":"awaiting_user_input"')).length;

  it('gives the same events in order and contents', async () => {
    const id = source.conversations.v0demo;
    const first = captureWithExtensionCode(source.url, id, 'v0-socketio');
    await waitFor(() => awaiting(inbound(first.records())) >= 1, 'V0 history', 10_000);
    expect(source.triggerAgent(id)).toBe(true);
    await waitFor(() => awaiting(inbound(first.records())) >= 2, 'the end of the V0 turn', 10_000);
    first.stop();
    const original = inbound(first.records());

    const file = await saveRecording({ ...headerFor(source, 'v0-socketio'), conversationId: id }, first.records(), 'har');
    const replay = await createReplayServer({ recording: await loadRecordingFile(file), speed: 'max' });
    replays.push(replay);
    const again = captureWithExtensionCode(replay.url, replay.conversationId, 'v0-socketio');
    const expected = comparable(original);
    expect(expected.length).toBeGreaterThan(10);
    await waitFor(() => comparable(inbound(again.records())).length >= expected.length, 'the replayed V0 conversation', 10_000);
    again.stop();
    expect(comparable(inbound(again.records()))).toEqual(expected);
  });
});
