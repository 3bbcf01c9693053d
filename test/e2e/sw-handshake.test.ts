// The extension loads in real Chromium, a page's port gets the SW's welcome, and an attach
// through the port protocol delivers the demo conversation's history from the mock server.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createMockServer, type MockServer } from '../../src/server/index';
import { launchWithExtension, waitFor, type ExtensionBrowser } from './helpers/browser';
import { attach, command, openPortClient, view } from './helpers/port-client';

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

test('SW welcomes a port and streams the history of an attached conversation', async () => {
  const page = await browser.openPanel();
  await openPortClient(page);
  const welcome = await waitFor(async () => (await view(page)).welcome, 'welcome');
  const sw = await browser.serviceWorker();
  expect(welcome.epoch).toBe(await sw.evaluate(() => (globalThis as unknown as { __cdt: { epoch: string } }).__cdt.epoch));

  const key = await attach(page, { serverUrl: server.url, conversationId: server.conversations.demo, protocol: 'v1-events' });
  const subscribed = await command(page, { name: 'subscribe', key, lastSeq: -1 });
  expect(subscribed.ok).toBe(true);

  const stored = server.store.get(server.conversations.demo)!.events.length;
  await waitFor(async () => (await view(page)).statuses[key]?.state === 'open', 'open state');
  const records = await waitFor(async () => {
    const r = (await view(page)).records[key] ?? [];
    return r.filter((x) => x.direction === 'in' && x.eventId).length >= stored ? r : undefined;
  }, `${stored} events`);
  const ids = records.filter((x) => x.direction === 'in' && x.eventId).map((x) => x.eventId);
  expect(new Set(ids).size).toBe(ids.length);
  const swIds = await sw.evaluate((k) => (globalThis as unknown as { __cdt: { eventIds(k: string): string[] } }).__cdt.eventIds(k), key);
  expect(swIds.length).toBeGreaterThanOrEqual(stored);
  await page.close();
});
