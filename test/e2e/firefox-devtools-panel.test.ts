// The Conversations panel inside Firefox's real DevTools, against a non-loopback agent server
// (agent.test resolves to 127.0.0.1). Firefox gives a DevTools panel neither `permissions` nor
// `tabs`: site access is granted from the panel opened as a tab (the README's way), and the
// DevTools panel must find it there. Headless firefox-esr over WebDriver BiDi (helpers/firefox.ts).
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createMockServer, type MockServer } from '../../src/server/index';
import { waitFor } from './helpers/browser';
import { buttonNamed, fillAttachForm, hasFirefox, launchFirefoxWithExtension, PANEL_URL, type FirefoxWithExtension } from './helpers/firefox';

let mock: MockServer;
let firefox: FirefoxWithExtension;
/** The mock server under a name that is not loopback: its site access is optional. */
let server: string;

const connected = `document.querySelector('.conn .badge')?.dataset.state === 'open'`;

beforeAll(async () => {
  if (!hasFirefox) return;
  mock = await createMockServer({ port: 0 });
  server = mock.url.replace('127.0.0.1', 'agent.test');
  firefox = await launchFirefoxWithExtension({ prefs: { 'network.dns.localDomains': 'agent.test' } });
  // Site access granted as the README says: Attach in the panel as a tab, accept the prompt.
  const tab = await firefox.openPanelTab();
  await firefox.attachFormReady(tab);
  await firefox.evaluate(tab, fillAttachForm({ serverUrl: server, conversationId: mock.conversations.demo }));
  await firefox.click(tab, '.attach-dialog button[type=submit]');
  await firefox.answerPermissionPrompt(true);
  await waitFor(() => firefox.evaluate(tab, connected), 'connected in the tab');
  // The demo's sub-conversation was attached alongside: detach every one, so DevTools starts clean.
  await waitFor(async () => {
    await firefox.evaluate(tab, `(${buttonNamed('Detach')}?.click(), true)`);
    return firefox.evaluate(tab, `document.querySelector('.conn') === null`);
  }, 'every connection detached');
  await firefox.closeTab(tab);
  await firefox.openDevtoolsPanel(`${server}/conversations/${mock.conversations.demo}`);
}, 90_000);

afterAll(async () => {
  await firefox?.close();
  await mock?.close();
});

test.skipIf(!hasFirefox)('the DevTools panel attaches to a server whose site access was granted in a tab', async () => {
  await waitFor(() => firefox.inDevtoolsPanel(`return document.querySelector('.attach-dialog [name=serverUrl]') !== null`), 'the attach dialog in DevTools');
  await firefox.inDevtoolsPanel(`await ${fillAttachForm({ serverUrl: server, conversationId: mock.conversations.demo })}; document.querySelector('.attach-dialog button[type=submit]').click(); return true`);
  const outcome = await waitFor(() => firefox.inDevtoolsPanel<string>(
    `return document.querySelector('.attach-notice p')?.textContent ?? (${connected} ? 'connected' : '')`), 'a notice or a connection');
  expect(outcome).toBe('connected');
  expect(mock.registry.count(mock.conversations.demo)).toBe(1);
});

test.skipIf(!hasFirefox)('"Open as tab" opens the panel in a tab with the typed target (no key); Attach there asks for access', async () => {
  const v0 = mock.conversations.v0demo;
  await firefox.revokeOrigins(['http://agent.test/*']);
  await firefox.inDevtoolsPanel(`if (!document.querySelector('.attach-dialog')) ${buttonNamed('Attach…')}.click(); return true`);
  await waitFor(() => firefox.inDevtoolsPanel(`return document.querySelector('.attach-dialog [name=serverUrl]') !== null`), 'the attach dialog in DevTools');
  await firefox.inDevtoolsPanel(`await ${fillAttachForm({ serverUrl: server, conversationId: v0, protocol: 'v0-socketio', sessionApiKey: 'sk-typed-in-devtools' })};
    document.querySelector('.attach-dialog button[type=submit]').click(); return true`);
  await waitFor(() => firefox.inDevtoolsPanel(`return ${buttonNamed('Open as tab')} !== undefined`), 'the notice offering Open as tab');
  await firefox.inDevtoolsPanel(`${buttonNamed('Open as tab')}.click(); return true`);

  const [tab] = await waitFor(async () => { const open = await firefox.tabsAt(`${PANEL_URL}?`); return open.length > 0 ? open : undefined; }, 'the panel tab');
  expect(tab!.url).not.toContain('sk-typed-in-devtools');
  await firefox.attachFormReady(tab!.context);
  const fields = await firefox.evaluate(tab!.context, `Object.fromEntries(['serverUrl', 'conversationId', 'sessionApiKey', 'protocol']
    .map((name) => [name, document.querySelector('.attach-dialog [name=' + name + ']').value]))`);
  expect(fields).toEqual({ serverUrl: server, conversationId: v0, sessionApiKey: '', protocol: 'v0-socketio' });
  // Filled, not attached: the tab waits for the click that may ask for site access.
  expect(mock.registry.count(v0)).toBe(0);

  await firefox.click(tab!.context, '.attach-dialog button[type=submit]');
  await firefox.answerPermissionPrompt(true);
  await waitFor(() => mock.registry.count(v0, 'v0-socketio') > 0, 'the V0 conversation attached from the tab');
  await firefox.closeTab(tab!.context);
});
