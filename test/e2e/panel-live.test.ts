// The real panel page in real Chromium against the mock server: deep-link attach, every
// stored event as a row, selection → detail, live agent turn, a dropped server socket
// (badge goes through backoff and back to open) and a stopped service worker (the panel
// reconnects its port and merges the restarted SW's log), never with duplicate rows.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { createMockServer, type MockServer } from '../../src/server/index';
import { BINARY_LARGE_BYTES } from '../../src/server/faults';
import { conversationKeyOf } from '../../src/shared/connection';
import { launchWithExtension, waitFor, type ExtensionBrowser } from './helpers/browser';
import { rowIds, storedIds } from './helpers/panel-rows';
import { DEVTOOLS_SEARCH_TYPE } from '../../src/shared/devtools-search';
import { ROW_HEIGHT } from '../../src/panel/components/log/LogViewport';

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

const badgeOf = (key: string) => `.conn[data-key="${key}"] .badge`;

function expectNoDuplicates(ids: string[]): void {
  const seen = new Set<string>();
  const twice = ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
  expect(twice, 'duplicate data-event-id rows').toEqual([]);
}

test('deep link attaches; rows stay complete and unique through a socket drop and an SW restart', async () => {
  const demo = server.conversations.demo;
  const key = conversationKeyOf({ serverUrl: server.url, conversationId: demo });
  const page = await browser.openPanel(`?server=${encodeURIComponent(server.url)}&conversation=${demo}&protocol=v1-events`);
  await page.setViewportSize({ width: 1400, height: 2400 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Record every badge state the panel shows, so a short backoff cannot slip between polls.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __badgeStates: string[] }).__badgeStates = seen;
    new MutationObserver((changes) => {
      for (const c of changes) if (c.target instanceof HTMLElement && c.target.matches('.badge[data-state]')) seen.push(c.target.dataset.state ?? '');
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
  });

  // Every stored event appears as a row; the badge says open; the link is live.
  const history = storedIds(server, demo);
  await waitFor(async () => { const ids = new Set(await rowIds(page)); return history.every((id) => ids.has(id)); }, 'all stored events as rows');
  await waitFor(async () => (await page.getAttribute(badgeOf(key), 'data-state')) === 'open', 'badge open');
  expect(await page.getAttribute('[data-link-state]', 'data-link-state')).toBe('live');
  expectNoDuplicates(await rowIds(page));

  // Rows are one line of cells, lined up under the header's columns.
  const columns = await page.evaluate(() => {
    const cells = (row: Element | null) => [...(row?.children ?? [])].map((c) => { const r = c.getBoundingClientRect(); return { cls: c.className.split(' ')[0], left: r.left, width: r.width, height: r.height, top: r.top - (row as Element).getBoundingClientRect().top }; });
    const row = document.querySelector('.log-window [role=row]');
    return { header: cells(document.querySelector('.log-header')), row: cells(row), rowHeight: row?.getBoundingClientRect().height };
  });
  expect(columns.rowHeight).toBe(ROW_HEIGHT);
  expect(columns.row.map((c) => c.cls)).toEqual(columns.header.map((c) => c.cls));
  expect(columns.row.slice(0, 4).map((c) => c.width)).toEqual([64, 92, 22, 84]);
  for (const [i, cell] of columns.row.entries()) {
    expect(cell.top, `${cell.cls} inside its row`).toBeGreaterThanOrEqual(0);
    expect(cell.top + cell.height, `${cell.cls} inside its row`).toBeLessThanOrEqual(ROW_HEIGHT);
    expect(Math.abs(cell.left - columns.header[i]!.left), `${cell.cls} under its header`).toBeLessThanOrEqual(4);
  }

  // Selecting a row shows its JSON in the detail pane.
  const picked = history[4]!;
  await page.click(`[data-event-id="${picked}"]`);
  await waitFor(async () => (await page.textContent('.record-detail'))?.includes(picked), 'detail shows the selected event');
  expect(await page.getAttribute(`[data-event-id="${picked}"]`, 'aria-selected')).toBe('true');

  // A live agent turn arrives as new rows.
  expect(server.triggerAgent(demo)).toBe(true);
  await waitFor(() => storedIds(server, demo).length > history.length + 3, 'agent turn stored');
  await waitFor(async () => {
    const ids = new Set(await rowIds(page));
    return storedIds(server, demo).every((id) => ids.has(id));
  }, 'live rows for the agent turn');

  // The server drops the socket: backoff (visible) then open again, nothing twice.
  await page.evaluate(() => { (window as unknown as { __badgeStates: string[] }).__badgeStates.length = 0; });
  expect(server.faults.drop(demo)).toBeGreaterThan(0);
  await waitFor(async () => {
    const states = await page.evaluate(() => (window as unknown as { __badgeStates: string[] }).__badgeStates);
    return states.includes('backoff') && states[states.length - 1] === 'open';
  }, 'badge backoff → open');
  await waitFor(async () => (await page.textContent(`.conn[data-key="${key}"] [data-testid="last-close"]`))?.includes('1006'), 'close code shown');
  await waitFor(async () => (await page.textContent('[aria-label="Connection transitions"] li[data-to="backoff"] [data-testid="timeline-code"]'))?.includes('1006'), 'timeline shows the drop with its close code');
  expectNoDuplicates(await rowIds(page));

  // The SW stops (as Chrome idles it out): the panel reconnects and keeps every row once.
  const before = await rowIds(page);
  await browser.stopServiceWorker();
  await waitFor(async () => (await page.getAttribute('[data-link-state]', 'data-link-state')) !== 'live', 'link noticed the SW stop', 10_000);
  await waitFor(async () => (await page.getAttribute('[data-link-state]', 'data-link-state')) === 'live', 'link live again');
  await waitFor(async () => (await page.getAttribute(badgeOf(key), 'data-state')) === 'open', 'badge open after SW restart');
  expect(server.triggerAgent(demo)).toBe(true);
  await waitFor(async () => {
    const ids = new Set(await rowIds(page));
    return storedIds(server, demo).every((id) => ids.has(id));
  }, 'rows after the SW restart include new live events');
  const after = await rowIds(page);
  expect(after.slice(0, before.length)).toEqual(before);
  expectNoDuplicates(after);
  expect(errors).toEqual([]);
  await page.close();
});

// DevTools' search box filters the log: the panel takes the message the DevTools page relays
// (src/devtools/search-relay.ts; headless Chromium has no DevTools UI to type into, so its
// onSearch side is covered by test/devtools/search-relay.test.ts) and a bad one is reported.
test('a relayed DevTools search becomes the filter text; cancel shows every row again', async () => {
  const demo = server.conversations.demo;
  const page = await browser.openPanel(`?server=${encodeURIComponent(server.url)}&conversation=${demo}&protocol=v1-events`);
  await page.setViewportSize({ width: 1400, height: 2400 });
  const history = storedIds(server, demo);
  await waitFor(async () => { const ids = new Set(await rowIds(page)); return history.every((id) => ids.has(id)); }, 'all stored events as rows');

  const post = (message: unknown) => page.evaluate((m) => { window.postMessage(m, location.origin); }, message);
  const needle = history[3]!;
  await post({ type: DEVTOOLS_SEARCH_TYPE, text: needle });
  // The filter's text matches anywhere in an event: the event itself and those that refer to it.
  const matching = server.store.get(demo)!.events.filter((e) => JSON.stringify(e).includes(needle)).map((e) => String(e.id));
  expect(matching.length).toBeLessThan(history.length);
  await waitFor(async () => (await rowIds(page)).join() === matching.join(), 'only the events that mention the search');
  expect(await page.inputValue('[aria-label="Filter text"]')).toBe(needle);

  // Text found only inside payloads (the terminal's host name: no summary shows it). The panel
  // holds most events without their raw text, so the SW searches it; the detail then fetches it.
  const inPayload = 'sandbox-7f3c';
  const payloadMatching = server.store.get(demo)!.events.filter((e) => JSON.stringify(e).includes(inPayload)).map((e) => String(e.id));
  expect(payloadMatching.length).toBeGreaterThan(0);
  expect(payloadMatching.length).toBeLessThan(history.length);
  await page.fill('[aria-label="Filter text"]', inPayload);
  await waitFor(async () => (await rowIds(page)).join() === payloadMatching.join(), 'only the events whose payload holds the text');
  await page.click(`[data-event-id="${payloadMatching[0]}"]`);
  await page.click('.record-detail [role=tab]:text("Raw")');
  await waitFor(async () => (await page.textContent('.record-detail .record-raw'))?.includes(inPayload), 'the detail shows the payload fetched from the SW');

  await post({ type: DEVTOOLS_SEARCH_TYPE, text: '' });
  await waitFor(async () => (await rowIds(page)).length >= history.length, 'every row back');

  await post({ type: DEVTOOLS_SEARCH_TYPE, text: { not: 'text' } });
  await waitFor(async () => (await page.textContent('.notices'))?.includes('ignored a DevTools search message'), 'the bad message is reported');
  expect(await page.inputValue('[aria-label="Filter text"]')).toBe('');
});

test('a binary frame past the port\'s preview shows as a preview, and load full record brings every byte', async () => {
  const conversation = server.store.create({ generation: 'v1', title: 'binary frames' });
  const key = conversationKeyOf({ serverUrl: server.url, conversationId: conversation.id });
  const page = await browser.openPanel(`?server=${encodeURIComponent(server.url)}&conversation=${conversation.id}&protocol=v1-events`);
  await waitFor(async () => (await page.getAttribute(badgeOf(key), 'data-state')) === 'open', 'badge open');
  expect(server.faults.malformed(conversation.id, 'binary-large')).toBe(1);
  await page.click(`.log-row:has-text("binary frame (${BINARY_LARGE_BYTES} bytes)")`);
  // 4,096 base64 characters cross the port: 3,072 of the bytes.
  await page.waitForSelector(`.binary-size:text("preview of 3072 of ${BINARY_LARGE_BYTES} bytes")`);
  await page.click('.load-full button:text("load full record")');
  await page.waitForSelector(`.binary-size:text-is("${BINARY_LARGE_BYTES} bytes")`);
  // The hex dump shows its first 4,096 bytes and counts the rest: more than the preview held.
  const dump = await page.textContent('.binary-view');
  expect(dump).toContain('00000ff0  ');
  expect(dump).toContain(`… ${BINARY_LARGE_BYTES - 4096} more bytes`);
  expect(await page.$('.load-full')).toBeNull();
  await page.close();
});
