// The SW stopped on purpose mid-stream (CDP ServiceWorker.stopAllWorkers) comes back on the
// next port: a new epoch, the connection restored from storage.session resumes from its saved
// cursor (the server is asked with it: no full replay), the log is rebuilt with every event
// exactly once, and a panel saying hello with its old epoch catches up by merging on event id.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { createMockServer, type MockServer } from '../../src/server/index';
import { PORT_PROTOCOL_VERSION } from '../../src/shared/port/messages';
import { launchWithExtension, waitFor, type ExtensionBrowser } from './helpers/browser';
import { command, openPortClient, view } from './helpers/port-client';
import { attachWithPolicy, cdt, EXTENSION_DIR, openBarePage, recordRequests, startEventStream, type ServerRequest } from './helpers/sw-hook';

let server: MockServer;
let browser: ExtensionBrowser;
let requests: ServerRequest[];

beforeAll(async () => {
  server = await createMockServer({ port: 0 });
  requests = recordRequests(server);
  browser = await launchWithExtension({ extensionDir: EXTENSION_DIR });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A second port on the page that says hello with the subscription a panel kept across the restart. */
async function helloAgain(page: Page, subscription: { key: string; lastSeq: number; epoch: string }): Promise<void> {
  await page.evaluate(({ sub, version }) => {
    const w = window as unknown as { __again: { messages: unknown[] }; chrome: { runtime: { connect(o: { name: string }): { onMessage: { addListener(fn: (m: unknown) => void): void }; postMessage(m: unknown): void } } } };
    const state = { messages: [] as unknown[] };
    const port = w.chrome.runtime.connect({ name: 'conversation-devtools/panel' });
    port.onMessage.addListener((m) => state.messages.push(m));
    port.postMessage({ type: 'hello', protocolVersion: version, clientId: crypto.randomUUID(), subscriptions: [sub] });
    w.__again = state;
  }, { sub: subscription, version: PORT_PROTOCOL_VERSION });
}

const againMessages = (page: Page) => page.evaluate(() => (window as unknown as { __again: { messages: { type: string; key?: string; reason?: string; epoch?: string; records?: { eventId?: string; direction: string }[] }[] } }).__again.messages);

test.each(['v1-session', 'v1-events'] as const)('%s: a stopped SW resumes from its saved cursor and the panel merges by id', async (protocol) => {
  const conversation = server.store.create({ generation: 'v1', title: `restart ${protocol}` });
  for (let i = 0; i < 120; i += 1) server.store.append(conversation.id, { kind: 'ConversationStateUpdateEvent', source: 'environment', key: 'tags', value: { seed: i } });
  const page = await openBarePage(browser);
  await openPortClient(page);
  const key = await attachWithPolicy(page, { serverUrl: server.url, conversationId: conversation.id, protocol });
  expect((await command(page, { name: 'subscribe', key, lastSeq: -1 })).ok).toBe(true);
  const stream = startEventStream(server, conversation.id, 1, 20);
  try {
    await waitFor(async () => ((await cdt(browser, (hook, k) => hook.eventIds(k).length, key)) ?? 0) >= 130, 'history and live events');
    // The cursor the SW will come back with: wait until storage.session holds a recent one.
    const saved = await waitFor(async () => {
      const sw = await browser.serviceWorker();
      const stored = await sw.evaluate(async (k) => {
        const storage = (globalThis as unknown as { chrome: { storage: { session: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome.storage.session;
        const all = (await storage.get('cdt.connections'))['cdt.connections'] as { target: { conversationId: string }; cursor?: { afterSeq?: number; afterTimestamp?: string } }[] | undefined;
        return all?.find((c) => k.endsWith(c.target.conversationId))?.cursor;
      }, key);
      return stored && (stored.afterSeq ?? 0) >= 0 && (stored.afterSeq !== undefined || stored.afterTimestamp !== undefined) ? stored : undefined;
    }, 'a persisted cursor');
    const oldEpoch = (await view(page)).welcome!.epoch;
    expect(((await view(page)).records[key] ?? []).filter((r) => r.direction === 'in' && r.eventId).length).toBeGreaterThan(0);
    const lastSeq = Math.max(...((await view(page)).records[key] ?? []).map((r) => r.seq));
    const upgradesBefore = requests.filter((r) => r.kind === 'upgrade' && r.url.includes(conversation.id)).length;

    await browser.stopServiceWorker();
    await helloAgain(page, { key, lastSeq, epoch: oldEpoch });
    const welcome = await waitFor(async () => (await againMessages(page)).find((m) => m.type === 'welcome'), 'welcome from the restarted SW');
    expect(welcome.epoch).not.toBe(oldEpoch);
    expect(await cdt(browser, (hook) => hook.epoch)).toBe(welcome.epoch);

    // The restored connection asked the server with the saved cursor, not for the whole history.
    const upgrade = await waitFor(() => requests.filter((r) => r.kind === 'upgrade' && r.url.includes(conversation.id))[upgradesBefore], 'the resumed socket');
    const query = new URL(upgrade.url, 'http://x').searchParams;
    if (protocol === 'v1-session') expect(Number(query.get('after_seq'))).toBeGreaterThanOrEqual(saved.afterSeq!);
    else {
      expect(query.get('resend_mode')).toBe('since');
      expect(query.get('after_timestamp')! >= saved.afterTimestamp!).toBe(true);
    }
  } finally {
    stream.stop();
  }

  // Every persisted event exactly once in the rebuilt log.
  const persisted = conversation.events.map((e) => e.id);
  await waitFor(async () => {
    const held = new Set(await cdt(browser, (hook, k) => hook.eventIds(k), key));
    return persisted.every((id) => held.has(id));
  }, 'the rebuilt log');
  const held = await cdt(browser, (hook, k) => hook.eventIds(k), key);
  expect(new Set(held).size).toBe(held.length);

  // The panel got `reset` (epoch) and then records; merged by event id with what it had, nothing is missing.
  await waitFor(async () => {
    const got = new Set([...(await againMessages(page))].flatMap((m) => (m.records ?? []).map((r) => r.eventId)));
    return persisted.every((id) => got.has(id));
  }, 'the panel caught up');
  const messages = await againMessages(page);
  expect(messages.find((m) => m.type === 'reset')).toMatchObject({ key, reason: 'epoch' });
  const fresh = messages.flatMap((m) => (m.records ?? []).filter((r) => r.direction === 'in' && r.eventId).map((r) => r.eventId));
  expect(new Set(fresh).size).toBe(fresh.length);
  await page.close();
});

test('a connection the person disconnected stays disconnected after the SW restarts, until Connect', async () => {
  const conversation = server.store.create({ generation: 'v1', title: 'restart disconnected' });
  server.store.append(conversation.id, { kind: 'ConversationStateUpdateEvent', source: 'environment', key: 'tags', value: { seed: 1 } });
  const page = await openBarePage(browser);
  await openPortClient(page);
  const key = await attachWithPolicy(page, { serverUrl: server.url, conversationId: conversation.id, protocol: 'v1-events' }, { keepCapturing: true });
  await waitFor(async () => (await cdt(browser, (hook, k) => hook.status(k)?.state, key)) === 'open', 'open');
  expect((await command(page, { name: 'disconnect', key })).ok).toBe(true);
  await waitFor(async () => {
    const sw = await browser.serviceWorker();
    return sw.evaluate(async (id) => {
      const storage = (globalThis as unknown as { chrome: { storage: { session: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome.storage.session;
      const all = (await storage.get('cdt.connections'))['cdt.connections'] as { target: { conversationId: string }; stopped?: { state: string } }[] | undefined;
      return all?.find((c) => c.target.conversationId === id)?.stopped?.state === 'closed';
    }, conversation.id);
  }, 'persisted as stopped');
  const upgrades = () => requests.filter((r) => r.kind === 'upgrade' && r.url.includes(conversation.id)).length;
  const upgradesBefore = upgrades();

  await browser.stopServiceWorker();
  await helloAgain(page, { key, lastSeq: -1, epoch: 'old' });
  await waitFor(async () => (await againMessages(page)).some((m) => m.type === 'welcome'), 'welcome from the restarted SW');
  // Restored (it keeps capturing), not connected; says why in its log.
  expect(await cdt(browser, (hook, k) => hook.status(k)?.state, key)).toBe('idle');
  expect(await cdt(browser, (hook, k) => hook.dump(k), key)).toContain('restored without connecting: it was closed');
  expect(upgrades()).toBe(upgradesBefore);

  // Connect (what the panel's button sends) resumes it.
  await page.evaluate(({ k, version }) => {
    const w = window as unknown as { chrome: { runtime: { connect(o: { name: string }): { postMessage(m: unknown): void } } } };
    const port = w.chrome.runtime.connect({ name: 'conversation-devtools/panel' });
    port.postMessage({ type: 'hello', protocolVersion: version, clientId: crypto.randomUUID(), subscriptions: [] });
    port.postMessage({ type: 'command', requestId: 'connect', command: { name: 'reconnectNow', key: k } });
  }, { k: key, version: PORT_PROTOCOL_VERSION });
  await waitFor(async () => (await cdt(browser, (hook, k) => hook.status(k)?.state, key)) === 'open', 'open again after Connect');
  expect(upgrades()).toBe(upgradesBefore + 1);
  await page.close();
});
