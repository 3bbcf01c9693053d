// Smoke test of the real DevTools embedding: with DevTools auto-opened on an OpenHands app
// page, the "Conversations" panel is registered, shows when selected, offers the inspected
// conversation (resolved through the app server), and attaching shows its events.
// Selecting the panel goes through DevTools internals (InspectorView), hence one test only.
import { afterAll, beforeAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { createMockServer, type MockServer } from '../../src/server/index';
import { launchWithExtension, waitFor, type ExtensionBrowser } from './helpers/browser';

let server: MockServer;
let browser: ExtensionBrowser;
const debugPort = 20_000 + Math.floor(Math.random() * 20_000);

beforeAll(async () => {
  server = await createMockServer({ port: 0 });
  browser = await launchWithExtension({ args: ['--auto-open-devtools-for-tabs', `--remote-debugging-port=${debugPort}`] });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface TargetInfo { type: string; url: string; webSocketDebuggerUrl: string }
const targets = async () => (await (await fetch(`http://127.0.0.1:${debugPort}/json/list`)).json()) as TargetInfo[];

/** A minimal CDP client on one target: evaluate an expression (awaiting promises), by value. */
async function openTarget(url: string) {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  let nextId = 0;
  const evaluate = (expression: string) => new Promise<unknown>((resolve, reject) => {
    const id = ++nextId;
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: { result?: { value?: unknown }; exceptionDetails?: { text: string } } };
      if (message.id !== id) return;
      ws.off('message', onMessage);
      if (message.result?.exceptionDetails) reject(new Error(message.result.exceptionDetails.text));
      else resolve(message.result?.result?.value);
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, method: 'Runtime.evaluate', params: { expression, awaitPromise: true, returnByValue: true } }));
  });
  return { evaluate, close: () => ws.close() };
}

test('the panel registered in real DevTools renders and attaches to the inspected conversation', async () => {
  // Reuse the first tab: DevTools auto-opened on it, so there is exactly one DevTools window.
  const page = browser.context.pages()[0] ?? await browser.context.newPage();
  await page.goto(`${server.appUrl}/conversations/${server.conversations.demo}`);

  const devtools = await openTarget((await waitFor(async () => (await targets()).find((t) => t.url.startsWith('devtools://')), 'DevTools window')).webSocketDebuggerUrl);
  // Only read the view once DevTools created it: creating it early breaks DevTools' startup.
  const legacy = `const UI = await import('./ui/legacy/legacy.js'); const view = UI.InspectorView.InspectorView.maybeGetInspectorViewInstance();`;
  const panelId = await waitFor(async () => {
    const ids = await devtools.evaluate(`(async () => { ${legacy} return view ? view.tabbedPane.tabIds().filter((id) => id.endsWith('Conversations')) : []; })()`).catch(() => []);
    return (ids as string[])[0];
  }, 'the Conversations panel registered');
  await devtools.evaluate(`(async () => { ${legacy} await view.showPanel(${JSON.stringify(panelId)}); })()`);

  const panel = await openTarget((await waitFor(async () => (await targets()).find((t) => t.url.endsWith('/panel.html')), 'panel frame')).webSocketDebuggerUrl);
  try {
    await waitFor(() => panel.evaluate(`document.querySelector('[data-link-state]')?.getAttribute('data-link-state') === 'live'`), 'panel live');
    const offer = `[...document.querySelectorAll('.attach-dialog button')].find((b) => b.textContent.includes('Attach to the inspected conversation'))`;
    await waitFor(() => panel.evaluate(`!!${offer}`), 'inspected conversation offered');
    await panel.evaluate(`${offer}.click()`);
    const stored = server.store.get(server.conversations.demo)!.events.length;
    // The docked panel is short (the list may show two or three rows): the list's count says
    // every stored event arrived, and rows with event ids are on screen.
    const held = await waitFor(async () => {
      const counts = (await panel.evaluate(`document.querySelector('[data-testid=filter-counts]')?.textContent ?? ''`)) as string;
      const total = Number(counts.split('/')[1]?.replace(/\D/g, '') ?? 0);
      return total >= stored ? total : 0;
    }, 'every stored event in the DevTools panel\'s list');
    expect(held).toBeGreaterThanOrEqual(stored);
    expect(await panel.evaluate(`document.querySelectorAll('[data-event-id]').length`)).toBeGreaterThan(0);
    expect(await panel.evaluate(`document.querySelector('.badge[data-state]')?.getAttribute('data-state')`)).toBe('open');
  } finally {
    panel.close();
    devtools.close();
    await page.close();
  }
});
