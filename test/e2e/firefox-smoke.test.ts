// Firefox smoke: Debian's firefox-esr, headless through `web-ext run`, loads the same build and
// its background script (background.scripts, not a service worker there) connects to a local
// mock server over ws://. No driver is needed: we assert on what the server receives.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createMockServer, type MockServer } from '../../src/server/index';
import { REPO_ROOT, waitFor } from './helpers/browser';

const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const hasFirefox = existsSync(FIREFOX_PATH);
if (!hasFirefox) console.warn(`firefox smoke SKIPPED: no Firefox at ${FIREFOX_PATH} (apt-get install -y firefox-esr, or set FIREFOX_PATH)`);

let server: MockServer;
let temp: string;
let firefox: ChildProcess | undefined;
let output = '';

beforeAll(async () => {
  if (!hasFirefox) return;
  server = await createMockServer({ port: 0 });
  temp = await mkdtemp(join(tmpdir(), 'cdt-firefox-'));
  const target = { serverUrl: server.url, conversationId: server.conversations.demo, protocol: 'auto' };
  await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'scripts/build.mjs'), '--out', join(temp, 'dist'), '--autoconnect', JSON.stringify(target)], { cwd: REPO_ROOT });
});

afterAll(async () => {
  await stopFirefox();
  await server?.close();
  if (temp) await rm(temp, { recursive: true, force: true });
});

/** web-ext cleans its temp profile on SIGINT; SIGKILL the whole group if it lingers. */
async function stopFirefox(): Promise<void> {
  const child = firefox;
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const signal = (name: NodeJS.Signals) => { try { process.kill(-child.pid!, name); } catch { /* group gone */ } };
  signal('SIGINT');
  const killer = setTimeout(() => signal('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
  signal('SIGKILL'); // Firefox children web-ext may have left behind in the group
}

test.skipIf(!hasFirefox)('the background script in headless Firefox connects to the mock server over ws://', async () => {
  firefox = spawn(join(REPO_ROOT, 'node_modules/.bin/web-ext'), [
    'run', '--target', 'firefox-desktop', `--firefox=${FIREFOX_PATH}`, '--source-dir', join(temp, 'dist'),
    '--no-reload', '--no-input', '--no-config-discovery',
  ], { cwd: temp, detached: true, env: { ...process.env, MOZ_HEADLESS: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  firefox.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  firefox.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });

  const demo = server.conversations.demo;
  // auto resolves to the newest generation the server offers; a ws:// upgraded to wss:// by a
  // default CSP would never reach the registry (Firefox closes it with 1015).
  const generations = await waitFor(() => {
    if (firefox?.exitCode !== null && firefox?.exitCode !== undefined) throw new Error(`web-ext exited ${firefox.exitCode}:\n${output}`);
    const live = server.registry.of(demo).map((s) => s.generation);
    return live.length > 0 ? live : undefined;
  }, `a socket from Firefox on the demo conversation (web-ext output so far:\n${output.slice(-2000)})`, 80_000);
  expect(generations).toContain('v1-session');
  await stopFirefox();
}, 120_000);
