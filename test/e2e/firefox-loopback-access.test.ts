// Firefox lets a person switch off even the manifest's loopback site access (about:addons →
// Permissions; MV3 host permissions are theirs to control). Attaching to a 127.0.0.1 agent server
// then asked for nothing, REST failed CORS, and the connection retried for ever with "the server
// did not answer". Now Attach asks for the access, and a connection made without it (a deep
// link attaches without a click) fails with a reason that says how to allow it.
// Headless firefox-esr over WebDriver BiDi (helpers/firefox.ts).
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createMockServer, type MockServer } from '../../src/server/index';
import { waitFor } from './helpers/browser';
import { buttonNamed, fillAttachForm, hasFirefox, launchFirefoxWithExtension, type FirefoxWithExtension } from './helpers/firefox';

let mock: MockServer;
let firefox: FirefoxWithExtension;
const LOOPBACK = 'http://127.0.0.1/*';

beforeAll(async () => {
  if (!hasFirefox) return;
  mock = await createMockServer({ port: 0 });
  firefox = await launchFirefoxWithExtension();
}, 90_000);

afterAll(async () => {
  await firefox?.close();
  await mock?.close();
});

test.skipIf(!hasFirefox)('a connection made without loopback access fails, saying so, instead of retrying', async () => {
  const v0 = mock.conversations.v0demo;
  await firefox.revokeOrigins([LOOPBACK]);
  const tab = await firefox.openPanelTab(`?server=${encodeURIComponent(mock.url)}&conversation=${v0}&protocol=auto`);
  const failed = await waitFor(() => firefox.evaluate<string | null>(tab, `document.querySelector('.conn .badge')?.dataset.state === 'failed'
    ? document.querySelector('.conn-failed').textContent : null`), 'the connection failed');
  expect(failed).toContain(`site access for ${new URL(mock.url).origin} is off`);
  expect(failed).toContain('about:addons');
  expect(mock.registry.count(v0)).toBe(0);
  await firefox.evaluate(tab, `(${buttonNamed('Detach')}.click(), true)`);
  await waitFor(() => firefox.evaluate(tab, `document.querySelector('.conn') === null`), 'the failed connection detached');
  await firefox.closeTab(tab);
});

test.skipIf(!hasFirefox)('Attach to a loopback server asks for the access that was switched off, then connects', async () => {
  const demo = mock.conversations.demo;
  await firefox.revokeOrigins([LOOPBACK]);
  const tab = await firefox.openPanelTab();
  await firefox.attachFormReady(tab);
  await firefox.evaluate(tab, fillAttachForm({ serverUrl: mock.url, conversationId: demo }));
  await firefox.click(tab, '.attach-dialog button[type=submit]');
  await firefox.answerPermissionPrompt(true);
  await waitFor(() => mock.registry.count(demo) > 0, 'a socket on the demo conversation');
  await waitFor(() => firefox.evaluate(tab, `document.querySelector('.conn .badge')?.dataset.state === 'open'`), 'connected in the tab');
  await firefox.closeTab(tab);
});
