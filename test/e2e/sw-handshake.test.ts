// The extension loads in real Chromium, a page's port gets the SW's welcome, and an attach
// through the port protocol delivers the demo conversation's history from the mock server.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createMockServer, type MockServer, type NewEvent } from '../../src/server/index';
import { MAX_HELLO_SUBSCRIPTIONS, PORT_PROTOCOL_VERSION } from '../../src/shared/port/messages';
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

// A hello the SW refuses (here: more subscriptions than one hello may list) is answered: Chromium
// delivers the goodbye posted just before the SW closes the port, so the panel can say why.
test('a refused hello gets a goodbye with the reason, then the port closes', async () => {
  const page = await browser.openPanel();
  const seen = await page.evaluate(async ({ version, count }) => {
    interface Port { postMessage(m: unknown): void; onMessage: { addListener(fn: (m: unknown) => void): void }; onDisconnect: { addListener(fn: () => void): void } }
    const port = (globalThis as unknown as { chrome: { runtime: { connect(o: { name: string }): Port } } }).chrome.runtime.connect({ name: 'conversation-devtools/panel' });
    const events: unknown[] = [];
    const closed = new Promise<void>((resolve) => port.onDisconnect.addListener(() => { events.push('disconnected'); resolve(); }));
    port.onMessage.addListener((m) => events.push(m));
    const subscriptions = Array.from({ length: count }, (_, i) => ({ key: `http://127.0.0.1:1#c${i}`, lastSeq: -1 }));
    port.postMessage({ type: 'hello', protocolVersion: version, clientId: crypto.randomUUID(), subscriptions });
    await closed;
    return events;
  }, { version: PORT_PROTOCOL_VERSION, count: MAX_HELLO_SUBSCRIPTIONS + 1 });
  expect(seen).toEqual([{ type: 'goodbye', reason: expect.stringMatching(/^it refused the panel's hello \(subscriptions: /) }, 'disconnected']);
  await page.close();
});

// The manifest opts into structured-clone messaging (Chrome 148+): records cross the port
// without a JSON round trip (no re-escaping of every raw frame). A Date surviving as a Date
// proves the browser honours the key for this extension; under JSON it arrives as a string.
test('extension messaging uses structured clone, not JSON', async () => {
  const sw = await browser.serviceWorker();
  await sw.evaluate(() => {
    const runtime = (globalThis as unknown as { chrome: { runtime: { onMessage: { addListener(fn: (m: unknown, s: unknown, reply: (v: unknown) => void) => void): void } } } }).chrome.runtime;
    runtime.onMessage.addListener((message, _sender, reply) => { if (message === 'serialization-probe') reply({ at: new Date(0), gone: undefined }); });
  });
  const page = await browser.openPanel();
  const answer = await page.evaluate(async () => {
    const reply = await (globalThis as unknown as { chrome: { runtime: { sendMessage(m: string): Promise<{ at: unknown }> } } }).chrome.runtime.sendMessage('serialization-probe');
    return { isDate: reply.at instanceof Date, keepsUndefinedKey: 'gone' in reply };
  });
  expect(answer).toEqual({ isDate: true, keepsUndefinedKey: true });
  await page.close();
});

// History newest-first through the real port (structured clone) in Chromium: a 2,000-event
// conversation (over the default threshold of 1,000) shows its newest events first; the older
// ones cross the port as recordsPrepended and land before them: all once, in the server's order.
test('a large conversation loads newest-first and the older history is prepended', async () => {
  const drafts = server.store.get(server.conversations.demo)!.events.map(({ id: _id, timestamp: _ts, ...rest }) => rest as NewEvent);
  const conversation = server.store.create({ generation: 'v1', title: 'large' });
  for (let i = 0; i < 2_000; i += 1) server.store.persistQuietly(conversation.id, server.store.complete(drafts[i % drafts.length]!));
  const stored = conversation.events.map((e) => e.id);
  const storedIds = new Set(stored);
  // Each older page takes a moment, as on a real server with a big log: the order is observable.
  server.knobs.eventSearchDelayMs = 20;
  const page = await browser.openPanel();
  try {
    await openPortClient(page);
    await waitFor(async () => (await view(page)).welcome, 'welcome');
    const key = await attach(page, { serverUrl: server.url, conversationId: conversation.id, protocol: 'v1-events' });
    expect((await command(page, { name: 'subscribe', key, lastSeq: -1 })).ok).toBe(true);
    const events = await waitFor(async () => {
      const v = await view(page);
      // full_state (sent on every connect, never stored) is left out.
      const ids = (v.records[key] ?? []).filter((r) => r.direction === 'in' && r.eventId && storedIds.has(r.eventId)).map((r) => r.eventId!);
      return ids.length >= stored.length && v.statuses[key]?.historyLoading === false ? { ids, arrivals: v.arrivals[key] ?? [] } : undefined;
    }, 'the whole history, loaded', 60_000);
    expect(events.arrivals.indexOf(stored.at(-1)!)).toBeLessThan(events.arrivals.indexOf(stored[0]!));
    expect(events.arrivals.filter((id) => storedIds.has(id)).slice(0, 100)).toEqual(stored.slice(-100));
    expect(events.ids).toEqual(stored);
  } finally {
    server.knobs.eventSearchDelayMs = 0;
    await page.close();
  }
});
