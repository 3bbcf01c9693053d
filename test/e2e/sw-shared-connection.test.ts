// Two panels on one conversation share ONE server connection, and the session key never
// appears in a URL the SW opens, nor in anything the SW holds or sends to panels.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createMockServer, type MockServer } from '../../src/server/index';
import { launchWithExtension, waitFor, type ExtensionBrowser } from './helpers/browser';
import { command, openPortClient, view } from './helpers/port-client';
import { attachWithPolicy, cdt, EXTENSION_DIR, recordRequests, type ServerRequest } from './helpers/sw-hook';

const SECRET = 'sk-e2e-never-in-a-url-7731';
let server: MockServer;
let browser: ExtensionBrowser;
let requests: ServerRequest[];

beforeAll(async () => {
  server = await createMockServer({ port: 0, sessionApiKeys: [SECRET] });
  requests = recordRequests(server);
  browser = await launchWithExtension({ extensionDir: EXTENSION_DIR });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('two panels share one server connection; the key travels only in the first-message auth frame', async () => {
  const demo = server.conversations.demo;
  const target = { serverUrl: server.url, conversationId: demo, protocol: 'v1-events' as const };
  const [a, b] = [await browser.openPanel(), await browser.openPanel()];
  await openPortClient(a);
  await openPortClient(b);
  const key = await attachWithPolicy(a, target, { sessionApiKey: SECRET });
  expect(await attachWithPolicy(b, target)).toBe(key);
  for (const page of [a, b]) expect((await command(page, { name: 'subscribe', key, lastSeq: -1 })).ok).toBe(true);

  // The agent's terminal inherits the server's environment: an `env` prints the key (§1.3).
  const leak = server.store.append(demo, { kind: 'ObservationEvent', source: 'environment', tool_name: 'terminal', tool_call_id: 'tc-env', action_id: 'a-env',
    observation: { kind: 'TerminalObservation', content: [{ type: 'text', text: `HOME=/root\nOH_SESSION_API_KEYS_0=${SECRET}\n` }], is_error: false, command: 'env', exit_code: 0 } });
  const stored = server.store.get(demo)!.events.map((e) => e.id);
  for (const page of [a, b]) {
    await waitFor(async () => {
      const held = new Set(((await view(page)).records[key] ?? []).map((r) => r.eventId));
      return stored.every((id) => held.has(id));
    }, 'history in both panels');
  }
  // One socket on the server for this conversation, however many subscribers the SW has (our two
  // port clients, plus the panel app each tab runs, which follows every connection it sees).
  expect(server.registry.count(demo)).toBe(1);
  expect(await cdt(browser, (hook, k) => hook.status(k)?.subscribers, key)).toBeGreaterThanOrEqual(2);

  // The server accepted a socket whose URL and headers carry no key: only the auth frame can have.
  const upgrades = requests.filter((r) => r.kind === 'upgrade' && r.url.includes(demo));
  expect(upgrades.length).toBeGreaterThanOrEqual(1);
  for (const r of upgrades) {
    expect(r.url).not.toContain('session_api_key');
    expect(r.headers['x-session-api-key']).toBeUndefined();
  }
  expect(requests.map((r) => r.url).join('\n')).not.toContain(SECRET);

  // Nothing the SW holds or sent to the panels contains the key; the auth frame is recorded redacted.
  const dump = await cdt(browser, (hook, k) => hook.dump(k), key);
  expect(dump).toContain('auth (key redacted)');
  expect(dump).toContain(leak.id); // the event is held, with the key masked in it
  expect(dump).toContain('OH_SESSION_API_KEYS_0=<redacted>');
  expect(dump).not.toContain(SECRET);
  for (const page of [a, b]) expect(JSON.stringify(await view(page))).not.toContain(SECRET);
  await a.close();
  await b.close();
});
