/**
 * `npm start`: the live demo. Starts the mock agent server (port 8000 or the next free one) with
 * the demo agent answering a message every few seconds, builds the extension so its background
 * attaches the demo conversation at boot, and opens Debian's Chromium on the panel's deep link.
 * With a display: headed, runs until the browser is closed or Ctrl-C. Without one: headless,
 * waits until the panel shows live rows, prints a one-line summary, saves a screenshot and exits
 * (`--keep` keeps it running).
 *
 *   npm start -- [--port 8000] [--every 8] [--keep] [--headless] [--out DIR] [--screenshot FILE] [--timeout 90]
 */
import { spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { conversationKeyOf, type ConnectionTarget } from '../src/shared/connection';
import { userMessage } from '../src/server/demo-events';
import { createMockServer, type MockServer } from '../src/server/index';
import { launchDemoBrowser, readPanel, swEventIds, type DemoBrowser, type PanelView } from './start-browser';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    port: { type: 'string', default: '8000' },
    every: { type: 'string', default: '8' },
    keep: { type: 'boolean', default: false },
    headless: { type: 'boolean', default: false },
    out: { type: 'string', default: join(ROOT, '.tmp/start-extension') },
    screenshot: { type: 'string', default: join(ROOT, '.tmp/start-screenshot.png') },
    timeout: { type: 'string', default: '90' },
  },
});
const headless = opts.headless || !process.env.DISPLAY;
const say = (line: string) => console.log(line);
const shown = (path: string) => {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') ? path : rel;
};

/** The requested port, or the next free one after it (port 0 = any free port). */
async function listenNearPort(first: number): Promise<MockServer> {
  for (let port = first; ; port++) {
    try {
      return await createMockServer({ port });
    } catch (error) {
      const busy = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (!busy || port === 0 || port - first >= 50) throw error;
    }
  }
}

const PROMPTS = ['Run the tests', 'Why does test_api fail?', 'List the workspace', 'Fix the import error', 'Summarise what you changed'];

/** A person typing into the demo conversation now and then, so the panel has live traffic. */
function startDemoTraffic(server: MockServer, everyMs: number) {
  const sentIds: string[] = [];
  let count = 0;
  const send = () => {
    const event = server.store.append(server.conversations.demo, userMessage(PROMPTS[count++ % PROMPTS.length]!));
    sentIds.push(String(event.id));
    server.triggerAgent(server.conversations.demo, event);
  };
  let timer: NodeJS.Timeout | undefined;
  return {
    sentIds,
    /** First message now, then one every `everyMs`. Idempotent. */
    start() {
      if (timer) return;
      send();
      timer = setInterval(send, everyMs);
    },
    stop: () => clearInterval(timer),
  };
}

function buildExtension(outdir: string, target: ConnectionTarget): void {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--out', outdir, '--autoconnect', JSON.stringify(target)],
    { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`build failed:\n${result.stderr}${result.stdout}`);
}

function describeView(view: PanelView, swIds: number, sockets: number): string {
  const rows = view.hasLog ? `${view.rows} rows${view.kinds.length ? ` (${view.kinds.slice(0, 6).join(', ')}${view.kinds.length > 6 ? ', …' : ''})` : ''}` : 'no event log yet';
  const link = view.badgeState ?? view.linkState ?? 'unknown';
  return `panel: ${rows}, connection ${link}; service worker holds ${swIds} events of the demo conversation; mock server has ${sockets} live socket(s) on it`;
}

let server: MockServer | undefined;
let browser: DemoBrowser | undefined;
let traffic: ReturnType<typeof startDemoTraffic> | undefined;
let stopping: Promise<never> | undefined;

/** Closes the browser, then the server, then exits; later calls (e.g. the browser's own close event) join the first. */
function stop(code: number): Promise<never> {
  stopping ??= (async () => {
    traffic?.stop();
    // Each step runs even if one before it failed, and a failure is said: left unhandled, it
    // would end the process without a word (Chromium gets the same Ctrl-C and may be half gone).
    const failed: string[] = [];
    await browser?.close().catch((error: unknown) => { failed.push(`closing the browser: ${String(error)}`); });
    await server?.close().catch((error: unknown) => { failed.push(`closing the mock server: ${String(error)}`); });
    if (failed.length > 0) say(`stopped, but ${failed.join('; ')}`);
    else say(code === 0 ? 'stopped: browser closed, mock server closed' : 'stopped after an error');
    process.exit(code === 0 && failed.length > 0 ? 1 : code);
  })();
  return stopping;
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  server = await listenNearPort(Number(opts.port));
  const demo = server.conversations.demo;
  traffic = startDemoTraffic(server, Math.max(1, Number(opts.every)) * 1000);
  const target: ConnectionTarget = { serverUrl: server.url, conversationId: demo, protocol: 'auto' };
  const outdir = resolve(opts.out);
  buildExtension(outdir, target);
  browser = await launchDemoBrowser(outdir, headless);
  const activeBrowser = browser;
  activeBrowser.context.on('close', () => void stop(0));
  const page = await activeBrowser.openPanel(new URLSearchParams({ server: server.url, conversation: demo, protocol: 'auto' }));

  say('Conversation DevTools demo');
  say(`  mock agent server  ${server.url}   (\`npm run mock-server\` runs it alone)`);
  say(`  demo conversation  ${demo}   (a user message every ${opts.every} s, the demo agent answers)`);
  say(`  extension          ${shown(outdir)}   (built to attach the demo conversation at boot)`);
  say(`  browser            Chromium ${activeBrowser.version}, ${headless ? 'headless (no $DISPLAY)' : 'headed'}`);
  say(`  panel              ${page.url()}`);
  say(headless && !opts.keep ? 'Waiting for live rows, then a screenshot and exit (--keep keeps it running).' : 'Stop: Ctrl-C' + (headless ? '' : ' or close the browser window') + '.');

  const key = conversationKeyOf(target);
  const deadline = Date.now() + Number(opts.timeout) * 1000;
  let view: PanelView | undefined;
  let swIds: string[] = [];
  for (;;) {
    const sockets = server.registry.count(demo);
    // The first message goes out once the extension is connected, so it arrives live.
    if (sockets > 0) traffic.start();
    view = await readPanel(page).catch(() => undefined);
    swIds = await swEventIds(activeBrowser.serviceWorker, key).catch(() => []);
    const live = (ids: string[]) => traffic!.sentIds.some((id) => ids.includes(id));
    // A panel with an event log must show a live row; the shell without one shows its link state.
    const ready = sockets > 0 && view !== undefined && (view.hasLog ? live(view.eventIds) : live(swIds) && view.linkState === 'live');
    if (ready || Date.now() > deadline) {
      say((ready ? 'live: ' : `NOT live after ${opts.timeout} s: `) + describeView(view ?? emptyView, swIds.length, sockets));
      if (!ready && headless && !opts.keep) await stop(1);
      break;
    }
    await new Promise((r) => setTimeout(r, 250)); // polling interval of a CLI, not test synchronisation
  }
  traffic.start(); // keeps the demo alive even if the extension was slow to connect
  if (headless) {
    const file = resolve(opts.screenshot);
    await mkdir(dirname(file), { recursive: true });
    await page.screenshot({ path: file });
    say(`screenshot: ${shown(file)}`);
    if (!opts.keep) await stop(0);
  }
}

const emptyView: PanelView = { rows: 0, eventIds: [], kinds: [], hasLog: false, linkState: null, badgeState: null };

main().catch((error: unknown) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  void stop(1);
});
