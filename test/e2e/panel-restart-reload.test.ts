// An SW restart on a V0 conversation whose history loads newest-first, with events the old
// worker never saw: the restarted worker numbers the ones past its newest page among the
// records the panel kept. The panel counts them (it has no place for them) and its status-bar
// button reloads the log from the worker, after which it shows exactly what the worker holds.
// Before that, the filter still finds text in the kept rows' payloads (searched in the new
// worker's copies).
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { createMockServer, type MockServer } from '../../src/server/index';
import { conversationKeyOf } from '../../src/shared/connection';
import { launchWithExtension, waitFor, type ExtensionBrowser } from './helpers/browser';
import { cdt } from './helpers/sw-hook';

let server: MockServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  server = await createMockServer({ port: 0 });
  browser = await launchWithExtension();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const shownRows = async (page: Page) => Number(await page.getAttribute('[role=grid]', 'aria-rowcount')) - 1;

test('events missed during an SW restart that the merge cannot place are counted, and "reload log" shows them', async () => {
  const { conversationId } = server.scenarios.largeHistory({ generation: 'v0', count: 1_500, bigPayloads: 0 });
  const key = conversationKeyOf({ serverUrl: server.url, conversationId });
  const page = await browser.openPanel(`?server=${encodeURIComponent(server.url)}&conversation=${conversationId}&protocol=v0-socketio`);
  const swHolds = async (atLeast: number) => {
    const status = await cdt(browser, (hook, k) => hook.status(k), key);
    return status?.historyLoading === false && status.state === 'open' && status.counts.records >= atLeast ? status.counts.records : 0;
  };
  const held = await waitFor(() => swHolds(1_500), 'the whole V0 history in the SW');
  await waitFor(async () => (await shownRows(page)) === held, `the panel shows all ${held} records`);
  // A text only inside payloads (most of which stay in the SW): how many rows have it now.
  const searched = async () => {
    await page.fill('.filter-text', '"security_risk"');
    await waitFor(async () => (await page.$('[data-testid="payload-searching"]')) === null && (await shownRows(page)) < held, 'the payload search answered');
    const rows = await shownRows(page);
    await page.fill('.filter-text', '');
    return rows;
  };
  const withText = await searched();
  expect(withText).toBeGreaterThan(100);

  // 150 events the live socket never carries: only the restarted worker's history load sees
  // them. Its newest page holds 100 of them; the other 50 number below it.
  const missed = server.v0Faults.withhold(conversationId, 150);
  await browser.stopServiceWorker();
  await waitFor(async () => (await page.getAttribute('[data-link-state]', 'data-link-state')) !== 'live', 'link noticed the SW stop', 10_000);
  await waitFor(async () => (await page.getAttribute('[data-link-state]', 'data-link-state')) === 'live', 'link live again');
  const heldAfter = await waitFor(() => swHolds(1_500 + missed.length), 'the restarted SW reloaded the history');
  const unplaced = await waitFor(async () => (await page.textContent('[data-testid="status-unplaced"]')) ?? '', 'unplaced count shown');
  expect(unplaced).toContain('50 reloaded events not shown');
  // The same search after the restart: the kept rows' payloads are found in the new SW's copies.
  expect(await searched()).toBe(withText);

  await page.click('[data-testid="status-unplaced"]');
  await waitFor(async () => (await shownRows(page)) === heldAfter, `after reload the panel shows the SW's ${heldAfter} records`);
  expect(await page.$('[data-testid="status-unplaced"]')).toBeNull();
  // All 150 missed events are rows now (the filter searches their payloads in the SW).
  await page.fill('.filter-text', 'withheld event');
  await waitFor(async () => (await shownRows(page)) === missed.length, 'the 150 missed events among the rows');
  await page.close();
});
