// Attaching from the real panel page: a v1-session deep link, and manual entry in the Attach
// dialog (protocol auto) for a conversation created on the mock server during the test.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { createMockServer, type MockServer } from '../../src/server/index';
import { isAgentStateChanged, skippedOnReplay } from '../../src/server/v0/v0-replay';
import { conversationKeyOf } from '../../src/shared/connection';
import { launchWithExtension, waitFor, type ExtensionBrowser } from './helpers/browser';
import { rowIds, storedIds } from './helpers/panel-rows';
import { cdt } from './helpers/sw-hook';

let server: MockServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  server = await createMockServer({ port: 0, knobs: { agentStepMs: 20 } });
  browser = await launchWithExtension();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function showsAll(page: Page, ids: string[]): Promise<boolean> {
  const shown = await rowIds(page);
  return ids.every((id) => shown.includes(id)) && new Set(shown).size === shown.length;
}

test('a v1-session deep link shows the history and the live turn, once each', async () => {
  const demo = server.conversations.demo;
  const key = conversationKeyOf({ serverUrl: server.url, conversationId: demo });
  const page = await browser.openPanel(`?server=${encodeURIComponent(server.url)}&conversation=${demo}&protocol=v1-session`);
  await page.setViewportSize({ width: 1400, height: 2400 });
  await waitFor(() => showsAll(page, storedIds(server, demo)), 'session-socket history as rows');
  await waitFor(async () => (await page.getAttribute(`.conn[data-key="${key}"] .badge`, 'data-state')) === 'open', 'badge open');
  expect(await page.textContent(`.conn[data-key="${key}"] .conn-generation`)).toBe('v1-session');
  expect(server.triggerAgent(demo)).toBe(true);
  await waitFor(async () => (await page.$$('[data-kind="MessageEvent"]')).length >= 3, 'the agent turn\'s final message');
  await waitFor(() => showsAll(page, storedIds(server, demo)), 'live rows after the turn');
  await page.close();
});

test('a v0-socketio deep link shows the Socket.IO history and a live turn, once each', async () => {
  const v0 = server.conversations.v0demo;
  const key = conversationKeyOf({ serverUrl: server.url, conversationId: v0 });
  const page = await browser.openPanel(`?server=${encodeURIComponent(server.url)}&conversation=${v0}&protocol=v0-socketio`);
  await page.setViewportSize({ width: 1400, height: 2400 });
  // The connect-time replay skips null/recall events and sends only the last state change (§5.3).
  const v0Ids = () => server.v0.after(v0, -1).filter((e) => !skippedOnReplay(e) && !isAgentStateChanged(e)).map((e) => String(e.id));
  expect(v0Ids().length).toBeGreaterThan(3);
  await waitFor(() => showsAll(page, v0Ids()), 'Socket.IO history as rows');
  await waitFor(async () => (await page.getAttribute(`.conn[data-key="${key}"] .badge`, 'data-state')) === 'open', 'badge open');
  const before = v0Ids().length;
  expect(server.triggerAgent(v0)).toBe(true);
  await waitFor(() => v0Ids().length > before, 'the V0 agent answered');
  await waitFor(() => showsAll(page, v0Ids()), 'live V0 rows');
  await page.close();
});

test('manual entry in the Attach dialog attaches (protocol auto) and the key field is masked', async () => {
  const conversation = server.store.create({ generation: 'v1', title: 'Manual entry target' });
  for (const text of ['one', 'two', 'three']) {
    server.store.append(conversation.id, {
      kind: 'MessageEvent', source: 'user', llm_message: { role: 'user', content: [{ type: 'text', text }] }, activated_skills: [], extended_content: [],
    });
  }
  const page = await browser.openPanel();
  await page.setViewportSize({ width: 1400, height: 1200 });
  await page.waitForSelector('[data-link-state="live"]');
  await page.click('text=Attach…');
  await page.fill('.attach-dialog input[name="serverUrl"]', server.url);
  await page.fill('.attach-dialog input[name="conversationId"]', conversation.id);
  expect(await page.getAttribute('.attach-dialog input[name="sessionApiKey"]', 'type')).toBe('password');
  await page.selectOption('.attach-dialog select[name="protocol"]', 'auto');
  await page.click('.attach-dialog button[type="submit"]');
  const key = conversationKeyOf({ serverUrl: server.url, conversationId: conversation.id });
  await waitFor(async () => (await page.getAttribute(`.conn[data-key="${key}"] .badge`, 'data-state')) === 'open', 'manual attach open');
  await waitFor(() => showsAll(page, storedIds(server, conversation.id)), 'its three events as rows');
  expect(page.url()).not.toContain('session');
  await page.close();
});

// V0 is not in this list: the V1 agent server lists V1 conversations only (as the real one does).
test('the conversation list attaches with each V1 generation chosen in the dialog', async () => {
  const page = await browser.openPanel();
  await page.setViewportSize({ width: 1400, height: 1200 });
  await page.waitForSelector('[data-link-state="live"]');
  // Fresh conversations: the ones above are already attached (the SW shares a connection per conversation).
  const fresh = (title: string) => {
    const c = server.store.create({ generation: 'v1', title });
    server.store.append(c.id, { kind: 'PauseEvent', source: 'user' });
    return c.id;
  };
  const cases = [
    { id: fresh('Listed for v1-events'), protocol: 'v1-events' },
    { id: fresh('Listed for v1-session'), protocol: 'v1-session' },
  ] as const;
  for (const { id, protocol } of cases) {
    await page.click('text=Attach…');
    await page.fill('.attach-panel input[name="listServerUrl"]', server.url);
    await page.click('.attach-list-form button[type="submit"]');
    const pick = page.locator('.conversation-picker li', { hasText: server.store.get(id)?.title ?? id }).locator('button');
    await pick.first().waitFor();
    await page.selectOption('.attach-dialog select[name="protocol"]', protocol);
    await pick.first().click();
    const key = conversationKeyOf({ serverUrl: server.url, conversationId: id });
    await waitFor(async () => (await page.getAttribute(`.conn[data-key="${key}"] .badge`, 'data-state')) === 'open', `${protocol} attach open`);
    const sw = await browser.serviceWorker();
    const status = await sw.evaluate((k) => (globalThis as unknown as { __cdt: { status(k: string): { generation?: string } } }).__cdt.status(k), key);
    expect(status.generation).toBe(protocol);
    await waitFor(async () => (await page.locator('[data-event-id]').count()) > 0, `${protocol} rows`);
  }
  await page.close();
});

test('manual entry attaches with each generation chosen explicitly', async () => {
  const page = await browser.openPanel();
  await page.setViewportSize({ width: 1400, height: 1200 });
  await page.waitForSelector('[data-link-state="live"]');
  const v1 = (title: string) => {
    const c = server.store.create({ generation: 'v1', title });
    server.store.append(c.id, { kind: 'PauseEvent', source: 'user' });
    return c.id;
  };
  const v0 = server.store.create({ generation: 'v0', title: 'Manual V0 target' });
  server.scenarios.largeHistory({ conversationId: v0.id, generation: 'v0', count: 30, bigPayloads: 0 });
  const cases = [
    { id: v1('Manual v1-events target'), protocol: 'v1-events' },
    { id: v1('Manual v1-session target'), protocol: 'v1-session' },
    { id: v0.id, protocol: 'v0-socketio' },
  ] as const;
  for (const { id, protocol } of cases) {
    await page.click('text=Attach…');
    await page.fill('.attach-dialog input[name="serverUrl"]', server.url);
    await page.fill('.attach-dialog input[name="conversationId"]', id);
    await page.selectOption('.attach-dialog select[name="protocol"]', protocol);
    await page.click('.attach-dialog button[type="submit"]');
    const key = conversationKeyOf({ serverUrl: server.url, conversationId: id });
    await waitFor(async () => (await page.getAttribute(`.conn[data-key="${key}"] .badge`, 'data-state')) === 'open', `${protocol} manual attach open`);
    const sw = await browser.serviceWorker();
    const status = await sw.evaluate((k) => (globalThis as unknown as { __cdt: { status(k: string): { generation?: string } } }).__cdt.status(k), key);
    expect(status.generation).toBe(protocol);
    const held = await sw.evaluate((k) => (globalThis as unknown as { __cdt: { eventIds(k: string): string[] } }).__cdt.eventIds(k).length, key);
    expect(held).toBeGreaterThan(0);
  }
  await page.close();
});

// A panel opened once the SW has loaded a large history newest-first (DevTools closed and opened
// again, or a second window): its snapshot carries the older records, numbered below zero in the
// SW's log, and all of them are shown. It used to show only the newest 100 and the notes (the
// store read seq -1 as "the last one held" and dropped everything below it).
test('a panel opened after a large history loaded shows all of it', async () => {
  const conversation = server.store.create({ generation: 'v1', title: 'Reopened on a large history' });
  server.scenarios.largeHistory({ conversationId: conversation.id, generation: 'v1', count: 2_000, bigPayloads: 0 });
  const key = conversationKeyOf({ serverUrl: server.url, conversationId: conversation.id });
  const link = `?server=${encodeURIComponent(server.url)}&conversation=${conversation.id}&protocol=v1-events`;
  const shownRows = async (page: Page) => Number(await page.getAttribute('[role=grid]', 'aria-rowcount')) - 1;
  const first = await browser.openPanel(link);
  // Everything the SW holds once its backfill is done: the 2,000 events and its notes. (Before
  // the backfill starts, the SW holds the newest page and is not loading yet.)
  const held = await waitFor(async () => {
    const status = await cdt(browser, (hook, k) => hook.status(k), key);
    return status?.historyLoading === false && status.counts.records > 2_000 ? status.counts.records : 0;
  }, 'the older history loaded in the SW');
  await waitFor(async () => (await shownRows(first)) === held, `the first panel shows all ${held} records`);
  const second = await browser.openPanel(link);
  await waitFor(async () => (await shownRows(second)) === held, `the second panel shows all ${held} records too`);
  await first.close();
  await second.close();
});
