// Recording files in the real panel: export a keyed conversation as native NDJSON (caught via
// Playwright's download event) with no secret in any byte, import it back in a fresh panel tab
// with no server behind it and time-travel over it (the selection and detail follow); a HAR in
// Chrome DevTools' format imports and shows its WebSocket frames.
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { createMockServer, type MockServer } from '../../src/server/index';
import { conversationKeyOf } from '../../src/shared/connection';
import { chromeHar, chromeSocketEntry } from '../shared/recording/chrome-har';
import { launchWithExtension, waitFor, type ExtensionBrowser } from './helpers/browser';

const SESSION_KEY = 'sk-oh-e2e-session-key-5f1c';
const LLM_KEY = 'sk-llm-provider-key-93ab';

let server: MockServer;
let browser: ExtensionBrowser;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cdt-recording-'));
  server = await createMockServer({ port: 0, knobs: { agentStepMs: 20 } });
  server.setApiKeys([SESSION_KEY]);
  browser = await launchWithExtension();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const rowSeqs = (page: Page) => page.$$eval('.log-row[data-seq]', (rows) => rows.map((r) => Number(r.getAttribute('data-seq'))));
const rowIds = (page: Page) => page.$$eval('.log-row[data-event-id]', (rows) => rows.map((r) => r.getAttribute('data-event-id') ?? ''));
const selectedSeq = (page: Page) => page.$eval('.log-row[aria-selected="true"]', (r) => Number(r.getAttribute('data-seq'))).catch(() => undefined);

test('export NDJSON holds no secret; imported back with no server, time travel moves the selection', async () => {
  const conversation = server.store.create({ generation: 'v1', title: 'Secrets inside' });
  const id = conversation.id;
  // Plain prose: no name rule catches this one. The SW masks the connection's own key in every
  // frame it receives, so neither the panel nor the export ever holds it.
  server.store.append(id, { kind: 'MessageEvent', source: 'user', llm_message: { role: 'user', content: [{ type: 'text', text: `start; my key is ${SESSION_KEY} by the way` }] }, activated_skills: [], extended_content: [] });
  server.store.append(id, { kind: 'ConversationStateUpdateEvent', source: 'environment', key: 'full_state', value: { execution_status: 'idle', agent: { kind: 'Agent', llm: { model: 'm', api_key: LLM_KEY } } } });
  server.store.append(id, { kind: 'ObservationEvent', source: 'environment', action_id: 'a1', tool_call_id: 'c1', tool_name: 'terminal',
    observation: { kind: 'TerminalObservation', content: [{ type: 'text', text: `curl ${server.url}/api/x?session_api_key=${SESSION_KEY}\nOPENAI_API_KEY=${LLM_KEY}` }], is_error: false } });
  const stored = server.store.get(id)!.events.map((e) => String((e as { id: unknown }).id));

  // Attach with the key typed into the dialog (first-message auth: the auth frame is logged).
  const page = await browser.openPanel();
  await page.setViewportSize({ width: 1400, height: 1600 });
  await page.waitForSelector('[data-link-state="live"]');
  await page.fill('.attach-dialog input[name="serverUrl"]', server.url);
  await page.fill('.attach-dialog input[name="conversationId"]', id);
  await page.fill('.attach-dialog input[name="sessionApiKey"]', SESSION_KEY);
  await page.selectOption('.attach-dialog select[name="protocol"]', 'v1-events');
  await page.click('.attach-dialog button[type="submit"]');
  const key = conversationKeyOf({ serverUrl: server.url, conversationId: id });
  await waitFor(async () => (await page.getAttribute(`.conn[data-key="${key}"] .badge`, 'data-state')) === 'open', 'attached');
  await waitFor(async () => { const ids = new Set(await rowIds(page)); return stored.every((e) => ids.has(e)); }, 'stored events as rows');
  const exportedSeqs = await rowSeqs(page);
  const exportedIds = new Set(await rowIds(page)); // the stored events plus the full_state sent on connect

  // Export: the preview lists what will be redacted (never the values), then the download.
  await page.click('button[name="export-open"]');
  const preview = await page.waitForSelector('[data-testid="redaction-preview"]');
  expect(Number(await preview.getAttribute('data-total'))).toBeGreaterThanOrEqual(2); // the LLM key, as a field and as KEY=value
  // The observation reached the panel as a listing (its payload stays in the SW); the preview
  // still lists the secret inside it (the LLM key), worked out over the full record.
  const observationSeq = await page.getAttribute('.log-row[data-kind="ObservationEvent"]', 'data-seq');
  expect(await preview.$$eval('tbody tr td:first-child', (cells) => cells.map((c) => c.textContent))).toContain(`#${observationSeq}`);
  expect(await preview.textContent()).not.toContain(SESSION_KEY);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[name="export-save"]')]);
  const file = join(dir, download.suggestedFilename());
  await download.saveAs(file);
  const bytes = await readFile(file);
  for (const secret of [SESSION_KEY, LLM_KEY]) expect(bytes.includes(Buffer.from(secret)), `${secret} in the export`).toBe(false);
  const lines = bytes.toString('utf8').trim().split('\n');
  expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'conversation-devtools-recording', conversationId: id, protocol: 'v1-events' });
  expect(lines.slice(1).map((l) => JSON.parse(l).seq)).toEqual(exportedSeqs);
  await page.close();

  // A fresh tab; the server is gone, so the imported recording is all there is to replay.
  await server.close();
  const fresh = await browser.openPanel();
  await fresh.setViewportSize({ width: 1400, height: 1600 });
  await fresh.waitForSelector('[data-link-state="live"]');
  await fresh.setInputFiles('input[name="import-recording"]', file);
  expect(await (await fresh.waitForSelector('[data-testid="import-result"]')).textContent()).toMatch(new RegExp(`${exportedSeqs.length} records \\(native recording\\)`));
  await waitFor(async () => (await fresh.textContent('.toolbar-title')) === download.suggestedFilename(), 'the imported conversation is active');
  await waitFor(async () => JSON.stringify(await rowSeqs(fresh)) === JSON.stringify(exportedSeqs), 'imported rows = exported records');
  expect(new Set(await rowIds(fresh))).toEqual(exportedIds);

  // Time travel: to the start, then step with the keyboard; selection and detail follow.
  await fresh.click('button[name="replay-start"]');
  await fresh.waitForSelector('.replay-bar[data-replay-index="0"][data-live="false"]');
  await waitFor(async () => (await selectedSeq(fresh)) === exportedSeqs[0], 'first record selected');
  const target = 2;
  for (let i = 0; i < target; i++) await fresh.keyboard.press('.');
  await fresh.waitForSelector(`.replay-bar[data-replay-index="${target}"]`);
  await waitFor(async () => (await selectedSeq(fresh)) === exportedSeqs[target], 'selection follows the step');
  const eventId = await fresh.getAttribute(`.log-row[data-seq="${exportedSeqs[target]}"]`, 'data-event-id');
  if (eventId) await waitFor(async () => (await fresh.textContent('.record-detail'))?.includes(eventId), 'detail follows');
  await fresh.keyboard.press(',');
  await waitFor(async () => (await selectedSeq(fresh)) === exportedSeqs[target - 1], 'step back');

  // Play at 200 ms per record to the end.
  await fresh.selectOption('select[name="replay-speed"]', '200ms');
  await fresh.click('button[name="replay-start"]');
  await fresh.click('button[name="replay-play"]');
  await fresh.waitForSelector(`.replay-bar[data-playing="false"][data-replay-index="${exportedSeqs.length - 1}"]`, { timeout: 20_000 });
  expect(await selectedSeq(fresh)).toBe(exportedSeqs[exportedSeqs.length - 1]);
  await fresh.close();
});

test('a HAR saved by Chrome DevTools imports and shows its WebSocket frames', async () => {
  const frames = ['e-1', 'e-2', 'e-3'].map((eventId, i) => JSON.stringify({ kind: 'MessageEvent', id: eventId, timestamp: `2026-11-25T14:00:0${i}.000000`, source: i === 0 ? 'user' : 'agent',
    llm_message: { role: i === 0 ? 'user' : 'assistant', content: [{ type: 'text', text: `frame ${i}` }] }, activated_skills: [], extended_content: [] }));
  const har = chromeHar([chromeSocketEntry('ws://localhost:8000/sockets/events/conv-har?resend_mode=all', 1_764_079_200, [
    ['send', 0.01, 1, JSON.stringify({ type: 'auth', session_api_key: 'sk-in-a-chrome-har' })],
    ...frames.map((data, i) => ['receive', 0.1 * (i + 1), 1, data] as ['receive', number, 1, string]),
  ])]);
  const file = join(dir, 'chrome-network.har');
  await writeFile(file, JSON.stringify(har));
  const page = await browser.openPanel();
  await page.setViewportSize({ width: 1400, height: 1200 });
  await page.waitForSelector('[data-link-state="live"]');
  await page.setInputFiles('input[name="import-recording"]', file);
  expect(await (await page.waitForSelector('[data-testid="import-result"]')).textContent()).toMatch(/\(HAR\)/);
  await waitFor(async () => (await rowIds(page)).join() === 'e-1,e-2,e-3', 'the HAR frames as rows');
  expect(await page.$$('.log-row.dir-out')).toHaveLength(1);
  expect(await page.textContent('.log-area')).not.toContain('sk-in-a-chrome-har');
  await page.close();
});
