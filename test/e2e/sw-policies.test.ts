// Close-code policy, watchdog and hostile frames in real Chromium: a missing key (REST 401),
// 4001 and 4004 end in `failed` with no further attempts, 1013 retries slowly, a hung handshake
// is abandoned and retried, a server back from an outage is reconnected through the probe before
// the backoff ends, malformed / binary / 5 MB frames are recorded with their validity while the
// connection carries on, and an event too large for the session socket arrives over REST instead of looping.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { createMockServer, type MockServer } from '../../src/server/index';
import type { ConnectionTarget } from '../../src/shared/connection';
import { launchWithExtension, waitFor, type ExtensionBrowser } from './helpers/browser';
import { command, openPortClient } from './helpers/port-client';
import { attachWithPolicy, cdt, EXTENSION_DIR, openBarePage, recordRequests, SHORT_POLICY, type ServerRequest } from './helpers/sw-hook';

let server: MockServer;
let browser: ExtensionBrowser;
let page: Page;
let requests: ServerRequest[];

beforeAll(async () => {
  server = await createMockServer({ port: 0, knobs: { authDeadlineMs: 300 } });
  requests = recordRequests(server);
  browser = await launchWithExtension({ extensionDir: EXTENSION_DIR });
  page = await openBarePage(browser);
  await openPortClient(page);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const upgradesFor = (id: string) => requests.filter((r) => r.kind === 'upgrade' && r.url.includes(id)).length;
const status = (key: string) => cdt(browser, (hook, k) => hook.status(k) as unknown as { state: string; failedReason?: string; lastClose?: { code: number; reason: string }; nextRetryAt?: number }, key);
const transitions = (key: string) => cdt(browser, (hook, k) => hook.transitions(k), key);
const fresh = (protocol: ConnectionTarget['protocol'] = 'v1-events', generation: 'v1' | 'v0' = 'v1'): ConnectionTarget =>
  ({ serverUrl: server.url, conversationId: server.store.create({ generation, title: 'policy' }).id, protocol });

let failedKeys: { key: string; id: string; upgrades: number }[] = [];

test('a keyed server refusing no key (REST 401) or a wrong one (4001), and 4004 (unknown to this socket), end in failed with the reason', async () => {
  server.setApiKeys(['sk-policy']);
  try {
    // No key: REST's 401 says so before any socket waits out the server's auth deadline.
    const noKey = fresh();
    const key = await attachWithPolicy(page, noKey);
    await waitFor(async () => (await status(key))?.state === 'failed', 'no key → failed');
    expect(await status(key)).toMatchObject({ failedReason: 'the server needs a session key (REST answered 401 without one): attach again with the key' });
    expect(upgradesFor(noKey.conversationId)).toBe(0);
    failedKeys.push({ key, id: noKey.conversationId, upgrades: 0 });
    const wrongKey = fresh();
    const wrong = await attachWithPolicy(page, wrongKey, { sessionApiKey: 'sk-wrong' });
    await waitFor(async () => (await status(wrong))?.state === 'failed', '4001 → failed');
    expect(await status(wrong)).toMatchObject({ failedReason: expect.stringContaining('the session key was refused (4001'), lastClose: { code: 4001 } });
    failedKeys.push({ key: wrong, id: wrongKey.conversationId, upgrades: upgradesFor(wrongKey.conversationId) });
  } finally {
    server.setApiKeys([]);
  }
  const v0OnV1 = fresh('v1-events', 'v0');
  const key = await attachWithPolicy(page, v0OnV1);
  await waitFor(async () => (await status(key))?.state === 'failed', '4004 → failed');
  expect(await status(key)).toMatchObject({ failedReason: `no conversation ${v0OnV1.conversationId} on this server (closed with 4004): check the id or the server URL`, lastClose: { code: 4004 } });
  failedKeys.push({ key, id: v0OnV1.conversationId, upgrades: upgradesFor(v0OnV1.conversationId) });
});

test('1013 retries slowly; a hung handshake is abandoned by the watchdog and retried', async () => {
  const slow = fresh();
  const key = await attachWithPolicy(page, slow, { policy: { ...SHORT_POLICY, tryAgainLaterMs: 1500 } });
  await waitFor(async () => (await status(key))?.state === 'open', 'open');
  server.faults.close(slow.conversationId, 1013, 'Too many connections for this conversation');
  await waitFor(async () => (await transitions(key)).some((t) => t.to === 'backoff' && t.code === 1013), '1013 backoff');
  const backoff = (await transitions(key)).find((t) => t.to === 'backoff' && t.code === 1013)!;
  expect(backoff.delayMs).toBeGreaterThanOrEqual(1500);
  await command(page, { name: 'detach', key });

  const hung = { serverUrl: server.hangUrl, conversationId: server.conversations.demo, protocol: 'v1-session' as const };
  const hungKey = await attachWithPolicy(page, hung, { policy: { ...SHORT_POLICY, handshakeTimeoutMs: 500 } });
  await waitFor(async () => (await transitions(hungKey)).filter((t) => t.cause === 'handshake timeout').length >= 2, 'watchdog twice');
  expect((await transitions(hungKey)).filter((t) => t.to === 'open')).toHaveLength(0);
  await command(page, { name: 'detach', key: hungKey });
});

test('a server that goes down and comes back is reconnected at once through the /alive probe', async () => {
  const target = fresh();
  // A long backoff (2.5–7.5 s) that only the probe can cut short after a 1 s outage.
  const key = await attachWithPolicy(page, target, { policy: { ...SHORT_POLICY, baseMs: 5000, capMs: 5000, probeIntervalMs: 100 } });
  await waitFor(async () => (await status(key))?.state === 'open', 'open');
  const outage = server.faults.outage(1);
  await waitFor(async () => (await transitions(key)).some((t) => t.to === 'backoff'), 'backoff during the outage');
  await outage;
  await waitFor(async () => (await status(key))?.state === 'open', 'open again');
  const story = await transitions(key);
  const backoff = story.find((t) => t.to === 'backoff')!;
  expect(backoff.delayMs).toBeGreaterThanOrEqual(2500);
  expect(story.some((t) => t.to === 'connecting' && t.cause === 'server alive again')).toBe(true);
  await command(page, { name: 'detach', key });
});

test('hostile frames are recorded with their validity and the connection carries on', async () => {
  const target = fresh();
  const key = await attachWithPolicy(page, target);
  await waitFor(async () => (await status(key))?.state === 'open', 'open');
  for (const kind of ['non-json', 'invalid-event', 'binary', 'huge'] as const) server.faults.malformed(target.conversationId, kind);
  const future = server.store.append(target.conversationId, { kind: 'HologramEvent', source: 'agent' });
  const after = server.store.append(target.conversationId, { kind: 'PauseEvent', source: 'user' });
  await waitFor(async () => (await cdt(browser, (hook, k) => hook.eventIds(k), key)).includes(after.id), 'a valid event after the garbage');
  expect(await cdt(browser, (hook, k) => hook.eventIds(k), key)).toContain(future.id);
  const validities = (await cdt(browser, (hook, k) => hook.records(k), key) as unknown as { validity: string; direction: string }[])
    .filter((r) => r.direction === 'in').map((r) => r.validity);
  expect(validities).toEqual(expect.arrayContaining(['not-json', 'invalid', 'binary', 'unknown-kind']));
  expect((await status(key))?.state).toBe('open');
  await command(page, { name: 'detach', key });
});

test('an event too large for the session socket is fetched over REST, not looped on', async () => {
  const target = fresh('v1-session');
  const key = await attachWithPolicy(page, target);
  await waitFor(async () => (await status(key))?.state === 'open', 'open');
  const huge = server.faults.appendHugeEvent(target.conversationId, 5 * 1024 * 1024);
  const after = server.store.append(target.conversationId, { kind: 'PauseEvent', source: 'user' });
  await waitFor(async () => {
    const ids = await cdt(browser, (hook, k) => hook.eventIds(k), key);
    return ids.includes(huge) && ids.includes(after.id);
  }, 'the huge event over REST and the next one over the socket', 30_000);
  const notes = await transitions(key) as unknown as { type: string; message?: string }[];
  expect(notes.some((n) => n.type === 'note' && /too large for the session socket/.test(n.message ?? ''))).toBe(true);
  await command(page, { name: 'detach', key });
});

test('failed connections made no further attempts', () => {
  for (const failed of failedKeys) expect(upgradesFor(failed.id)).toBe(failed.upgrades);
});
