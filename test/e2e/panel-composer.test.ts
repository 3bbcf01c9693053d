// The composer in the real panel against the mock server: a typed message reaches the server,
// the demo agent answers, and the echo clears the outgoing row's pending mark; an invalid frame
// is refused inline and never sent; with the socket closed, nothing is sent until the person
// picks the REST route; the draft and the send history belong to the conversation and survive a
// look at another one; "Send again" of a sent message over 4 KB loads the full frame; a received
// message's remote image URL is never fetched (left out of the draft, and refused by the CSP).
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { createMockServer, type MockServer } from '../../src/server/index';
import { conversationKeyOf } from '../../src/shared/connection';
import { launchWithExtension, waitFor, type ExtensionBrowser } from './helpers/browser';

let server: MockServer;
let browser: ExtensionBrowser;
/** Stands for a tracking pixel's host: every request the panel makes to it is a leak. */
let tracker: Server;
let trackerUrl = '';
const trackerHits: string[] = [];

beforeAll(async () => {
  server = await createMockServer({ port: 0, knobs: { agentStepMs: 20 } });
  tracker = createServer((req, res) => { trackerHits.push(req.url ?? ''); res.writeHead(404); res.end(); });
  await new Promise<void>((resolve) => tracker.listen(0, '127.0.0.1', () => resolve()));
  trackerUrl = `http://127.0.0.1:${(tracker.address() as { port: number }).port}`;
  browser = await launchWithExtension();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  tracker?.close();
});

type Json = Record<string, unknown>;
const events = (id: string) => server.store.get(id)!.events as Json[];
const textOf = (e: Json) => ((e.llm_message as Json | undefined)?.content as Json[] | undefined)?.map((c) => c.text).join('') ?? '';
const userMessages = (id: string, text: string) => events(id).filter((e) => e.kind === 'MessageEvent' && e.source === 'user' && textOf(e) === text);

async function openComposer(page: Page, conversationId: string): Promise<string> {
  const key = conversationKeyOf({ serverUrl: server.url, conversationId });
  await page.setViewportSize({ width: 1400, height: 1600 });
  await waitFor(async () => (await page.getAttribute(`.conn[data-key="${key}"] .badge`, 'data-state')) === 'open', 'badge open');
  await page.click('.drawer-toggle');
  await page.waitForSelector('.composer[data-socket-state="open"]');
  return key;
}

test('a typed message reaches the server, the agent answers, and the echo clears the pending mark', async () => {
  const conversation = server.store.create({ generation: 'v1', title: 'Composer target' });
  const page = await browser.openPanel(`?server=${encodeURIComponent(server.url)}&conversation=${conversation.id}&protocol=v1-events`);
  await openComposer(page, conversation.id);

  const text = `hello from the panel ${Date.now()}`;
  await page.fill('textarea[name="composer-text"]', text);
  await page.click('.composer button[name="send"]');
  await waitFor(() => userMessages(conversation.id, text).length === 1, 'the server stored the user message');
  await waitFor(() => events(conversation.id).some((e) => e.kind === 'MessageEvent' && e.source === 'agent'), 'the demo agent answered');

  // The outgoing row: marked, and echoed once the server's user MessageEvent came back.
  await waitFor(async () => (await page.$$('.log-row.dir-out .badge.outgoing-echoed')).length === 1, 'outgoing row echoed');
  expect(await page.$$('.log-row.dir-out .badge.outgoing-pending')).toHaveLength(0);
  const echoId = String(userMessages(conversation.id, text)[0]!.id);
  await page.waitForSelector(`.log-row[data-event-id="${echoId}"]`);
  const agentId = String(events(conversation.id).find((e) => e.kind === 'MessageEvent' && e.source === 'agent')!.id);
  await page.waitForSelector(`.log-row[data-event-id="${agentId}"]`);
  expect(await page.textContent('.send-history')).toContain(text);
  await page.close();
});

test('an invalid frame is not sent and says why; with the socket closed the REST route is an explicit choice', async () => {
  const conversation = server.store.create({ generation: 'v1', title: 'Composer refusals' });
  const key = conversationKeyOf({ serverUrl: server.url, conversationId: conversation.id });
  const page = await browser.openPanel(`?server=${encodeURIComponent(server.url)}&conversation=${conversation.id}&protocol=v1-events`);
  await openComposer(page, conversation.id);
  const before = events(conversation.id).length;

  await page.check('input[name="composer-mode"][value="raw"]');
  await page.fill('textarea[name="composer-text"]', '{"role": "robot", "content": "x"}');
  await page.click('.composer button[name="send"]');
  expect(await (await page.waitForSelector('[data-testid="composer-issues"]')).textContent()).toMatch(/^role/);
  expect(await page.$$('.log-row.dir-out')).toHaveLength(0);
  expect(events(conversation.id)).toHaveLength(before);

  // Disconnect: the composer sends nothing and offers REST; REST with run reaches the server.
  await page.click(`.conn[data-key="${key}"] button:has-text("Disconnect")`);
  await page.waitForSelector('.composer:not([data-socket-state="open"])');
  await page.check('input[name="composer-mode"][value="message"]');
  const text = `over REST ${Date.now()}`;
  await page.fill('textarea[name="composer-text"]', text);
  await page.click('.composer button[name="send"]');
  expect(await (await page.waitForSelector('[data-testid="composer-offline"]')).textContent()).toMatch(/nothing was sent, and nothing is queued/);
  expect(userMessages(conversation.id, text)).toHaveLength(0);
  await page.click('.composer button[name="send-rest"]');
  await waitFor(() => userMessages(conversation.id, text).length === 1, 'the REST message stored');
  await page.waitForSelector('[data-testid="composer-outcome"]:has-text("Sent over REST")');
  await page.close();
});

test('on a V0 conversation the composer sends oh_user_action and the server stores the user message', async () => {
  const v0 = server.conversations.v0demo;
  const page = await browser.openPanel(`?server=${encodeURIComponent(server.url)}&conversation=${v0}&protocol=v0-socketio`);
  await openComposer(page, v0);
  expect(await page.$$eval('input[name="composer-mode"]', (inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(['message', 'v0-action']);
  const text = `v0 hello ${Date.now()}`;
  await page.fill('textarea[name="composer-text"]', text);
  await page.click('.composer button[name="send"]');
  const stored = () => server.v0.after(v0, -1).filter((e) => (e as Json).action === 'message' && (e as Json).source === 'user' && ((e as Json).args as Json | undefined)?.content === text);
  await waitFor(() => stored().length === 1, 'the V0 server stored the user message');
  await page.waitForSelector('.log-row.dir-out');
  await page.close();
});

test('the draft and the send history survive a look at another conversation', async () => {
  const demo = server.conversations.demo;
  const planningKey = conversationKeyOf({ serverUrl: server.url, conversationId: server.conversations.planning });
  const page = await browser.openPanel(`?server=${encodeURIComponent(server.url)}&conversation=${demo}&protocol=v1-events`);
  const key = await openComposer(page, demo);
  await page.fill('textarea[name="composer-text"]', `first message ${Date.now()}`);
  await page.click('.composer button[name="send"]');
  await page.waitForSelector('.send-history');
  const draft = 'a long test prompt I am still writing…';
  await page.fill('textarea[name="composer-text"]', draft);
  // The planning sub-conversation is attached alongside: have a look at it, then come back.
  await page.click(`.conn[data-key="${planningKey}"] .conn-main`);
  await page.waitForSelector(`.conn[data-key="${planningKey}"][aria-current="true"]`);
  expect(await page.inputValue('textarea[name="composer-text"]')).toBe('');
  await page.click(`.conn[data-key="${key}"] .conn-main`);
  await page.waitForSelector(`.conn[data-key="${key}"][aria-current="true"]`);
  expect({ draft: await page.inputValue('textarea[name="composer-text"]'), history: await page.$('.send-history') !== null }).toEqual({ draft, history: true });
  await page.close();
});

test('"Send again" of a sent message over 4 KB loads the full frame into the composer', async () => {
  const conversation = server.store.create({ generation: 'v1', title: 'long prompt' });
  const page = await browser.openPanel(`?server=${encodeURIComponent(server.url)}&conversation=${conversation.id}&protocol=v1-events`);
  await openComposer(page, conversation.id);
  const text = `Here is the failing log, what is wrong?\n${'E   AssertionError: expected 200, got 500\n'.repeat(120)}`;
  await page.fill('textarea[name="composer-text"]', text);
  await page.click('.composer button[name="send"]');
  await waitFor(() => userMessages(conversation.id, text).length === 1, 'the server stored the long message');
  await (await page.waitForSelector('.log-row.dir-out')).click();
  await page.waitForSelector('text=load full record'); // the panel holds a 4 KB preview of what was sent
  await page.click('button[name="send-again"]:has-text("loads the full frame")');
  await waitFor(async () => (await page.inputValue('textarea[name="composer-text"]')) !== '', 'the composer filled');
  expect(JSON.parse(await page.inputValue('textarea[name="composer-text"]'))).toEqual({ role: 'user', content: [{ type: 'text', text }] });
  await page.close();
});

test('"Send again" of a received message with a remote image URL fetches nothing, and says the image was left out', async () => {
  const conversation = server.store.create({ generation: 'v1', title: 'remote image' });
  const inline = 'data:image/png;base64,iVBORw0KGgo=';
  const ev = server.store.append(conversation.id, { kind: 'MessageEvent', source: 'user', llm_message: { role: 'user',
    content: [{ type: 'text', text: 'look at this' }, { type: 'image', image_urls: [`${trackerUrl}/pixel.png?who=panel`, inline] }] }, activated_skills: [], extended_content: [] });
  const page = await browser.openPanel(`?server=${encodeURIComponent(server.url)}&conversation=${conversation.id}&protocol=v1-events`);
  await openComposer(page, conversation.id);
  await page.click(`.log-row[data-event-id="${ev.id}"]`);
  await page.click('button[name="send-again"]');
  await page.waitForSelector('.image-attachments img');
  expect(await page.$$eval('.image-attachments img', (imgs) => imgs.map((i) => i.getAttribute('src')))).toEqual([inline]);
  expect(await page.textContent('[role="status"]')).toContain('1 image left out');
  // The CSP too: an image from a remote host does not load on an extension page.
  const loaded = await page.evaluate((src) => new Promise<boolean>((resolve) => {
    const img = new Image();
    img.onload = () => resolve(true);
    img.onerror = () => resolve(false);
    img.src = src;
  }), `${trackerUrl}/pixel.png?who=csp`);
  expect(loaded).toBe(false);
  expect(trackerHits).toEqual([]);
  await page.close();
});
