// A recording served by the replay server and captured again by the built extension in real
// Chromium (panel deep link → SW) matches the original in order, kinds and contents, for each
// generation. The original capture is made with the extension's own connection code in Node.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/server/index';
import { createReplayServer, loadRecordingFile, type ReplayServer } from '../../src/server/replay/index';
import { conversationKeyOf } from '../../src/shared/connection';
import type { LogRecord } from '../../src/shared/record';
import { captureWithExtensionCode } from '../server/extension-capture';
import { headerFor, saveRecording } from '../server/replay-helpers';
import { launchWithExtension, waitFor, type ExtensionBrowser } from './helpers/browser';

const inbound = (records: LogRecord[]): LogRecord[] => records.filter((r) => r.direction === 'in');
const isFullState = (r: LogRecord): boolean => r.stateKey === 'full_state';
const content = (r: LogRecord): unknown => ({ frameType: r.frameType, kind: r.kind, validity: r.validity, value: JSON.parse(r.raw) as unknown });
/** What both captures must agree on: server events, minus what every connect adds (sync, full_state) and V0's connect-time agent-state rule. */
const comparable = (records: LogRecord[]): unknown[] => inbound(records)
  .filter((r) => r.frameType !== 'sync' && !isFullState(r) && r.category !== 'stream' && r.kind !== 'observation:agent_state_changed')
  .map(content);

let source: MockServer;
let browser: ExtensionBrowser;
const replays: ReplayServer[] = [];
beforeAll(async () => {
  source = await createMockServer({ port: 0, knobs: { agentStepMs: 5, agentDeltaMs: 2 } });
  browser = await launchWithExtension();
});
afterAll(async () => {
  await browser?.close();
  await Promise.all(replays.map((r) => r.close()));
  await source?.close();
});

describe.each(['v1-events', 'v1-session', 'v0-socketio'] as const)('%s', (protocol) => {
  it('the panel captures the replayed recording with the same events in order and contents', async () => {
    const id = protocol === 'v0-socketio' ? source.conversations.v0demo : source.conversations.demo;
    const first = captureWithExtensionCode(source.url, id, protocol);
    const expectedCount = () => comparable(first.records()).length;
    await waitFor(() => expectedCount() >= 10, 'the original history');
    const settled = expectedCount();
    await waitFor(() => expectedCount() === settled, 'history settled');
    first.stop();
    const expected = comparable(first.records());

    const file = await saveRecording({ ...headerFor(source, protocol), conversationId: id }, first.records(), 'ndjson');
    const replay = await createReplayServer({ recording: await loadRecordingFile(file), speed: 'max' });
    replays.push(replay);

    const page = await browser.openPanel(`?server=${encodeURIComponent(replay.url)}&conversation=${replay.conversationId}&protocol=${protocol}`);
    const key = conversationKeyOf({ serverUrl: replay.url, conversationId: replay.conversationId });
    const sw = await browser.serviceWorker();
    const captured = async (): Promise<LogRecord[]> => {
      const dump = await sw.evaluate((k) => (globalThis as unknown as { __cdt: { dump(k: string): string } }).__cdt.dump(k), key);
      return (JSON.parse(dump) as { records?: LogRecord[] }).records ?? [];
    };
    await waitFor(async () => comparable(await captured()).length >= expected.length, 'the replayed conversation in the SW');
    expect(comparable(await captured())).toEqual(expected);
    // …and the panel shows them: one row per event id, none twice.
    const ids = (await captured()).filter((r) => r.direction === 'in' && r.eventId).map((r) => r.eventId);
    await waitFor(async () => (await page.locator('[data-event-id]').count()) >= Math.min(ids.length, 20), 'rows in the panel');
    await page.close();
  });
});
