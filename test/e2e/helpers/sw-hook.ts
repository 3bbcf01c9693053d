/**
 * Helpers for the service-worker e2e files (sw-*.test.ts): read the SW's read-only `__cdt`
 * debug hook, record what the mock server was asked (URLs, upgrade headers), shorten the
 * connection timers through the attach command's `policy`, and drive a steady event stream.
 */
import type { IncomingMessage } from 'node:http';
import type { Page } from 'playwright-core';
import type { MockServer } from '../../../src/server/index';
import type { ConnectionTarget } from '../../../src/shared/connection';
import type { ExtensionBrowser } from './browser';
import { command } from './port-client';

/** Fast but still exponential/jittered timers, so a test can cut a socket 20 times in seconds. */
export const SHORT_POLICY = { baseMs: 50, capMs: 400, jitter: 0.5, minUptimeMs: 150, handshakeTimeoutMs: 3000, probeIntervalMs: 100, echoTimeoutMs: 2000 };

/** The extension directory under test (a private build keeps parallel builds of dist/ out of the way). */
export const EXTENSION_DIR = process.env.CDT_EXTENSION_DIR;

export interface CdtHook {
  epoch: string;
  keys(): string[];
  status(key: string): { state: string; attempt: number; historyLoading: boolean; subscribers: number; counts: { records: number; duplicates: number; gaps: number; dropped: number } } | undefined;
  eventIds(key: string): string[];
  counters(key: string): { records: number; duplicates: number; gaps: number; dropped: number; nextSeq: number } | undefined;
  cursor(key: string): { afterSeq?: number; afterTimestamp?: string; latestEventId?: number } | undefined;
  transitions(key: string): { type: string; from?: string; to?: string; cause?: string; code?: number; delayMs?: number }[];
  dump(key: string): string;
  records(key: string): { seq: number; receivedAt: number; direction: string; eventId?: string; kind?: string; frameType: string; streamItem?: { state: string; text: string }; outgoing?: { status: string } }[];
}

/** Runs `fn` against `__cdt` in the current service worker. */
export async function cdt<T, A = undefined>(browser: ExtensionBrowser, fn: (hook: CdtHook, arg: A) => T, arg?: A): Promise<Awaited<T>> {
  const sw = await browser.serviceWorker();
  return sw.evaluate(
    ([source, a]) => {
      const hook = (globalThis as unknown as { __cdt: CdtHook }).__cdt;
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      return (new Function('hook', 'arg', `return (${source})(hook, arg);`))(hook, a) as T;
    },
    [fn.toString(), arg] as const,
  ) as Promise<Awaited<T>>;
}

export interface ServerRequest {
  kind: 'upgrade' | 'http';
  url: string;
  headers: IncomingMessage['headers'];
}

/** Records every request and upgrade the mock server receives (what the SW asked, literally). */
export function recordRequests(server: MockServer): ServerRequest[] {
  const seen: ServerRequest[] = [];
  server.httpServer.prependListener('upgrade', (req: IncomingMessage) => seen.push({ kind: 'upgrade', url: req.url ?? '', headers: req.headers }));
  server.httpServer.prependListener('request', (req: IncomingMessage) => seen.push({ kind: 'http', url: req.url ?? '', headers: req.headers }));
  return seen;
}

/**
 * An extension page without the panel app (devtools.html outside DevTools registers nothing):
 * port clients run there, so a flood is not also rendered by a panel in the same test.
 */
export async function openBarePage(browser: ExtensionBrowser): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/devtools.html`);
  return page;
}

/** Progress lines for slow machines: `DEBUG_SW=1`. */
export function progress(line: string): void {
  if (process.env.DEBUG_SW) console.log(`[sw ${new Date().toISOString().slice(11, 23)}] ${line}`);
}

export async function attachWithPolicy(page: Page, target: ConnectionTarget, extra: Record<string, unknown> = {}): Promise<string> {
  const answer = await command<string>(page, { name: 'attach', target, policy: SHORT_POLICY, ...extra });
  if (!answer.ok || typeof answer.value !== 'string') throw new Error(`attach failed: ${answer.error}`);
  return answer.value;
}

/** Appends `perTick` events every `everyMs` (to a V1 conversation unless `append` says otherwise) until stopped. */
export function startEventStream(
  server: MockServer, conversationId: string, perTick = 5, everyMs = 10,
  append: (index: number) => void = (index) => {
    server.store.append(conversationId, { kind: 'ConversationStateUpdateEvent', source: 'environment', key: 'tags', value: { flood: index } });
  },
): { stop(): void; sent(): number } {
  let sent = 0;
  const timer = setInterval(() => {
    for (let i = 0; i < perTick; i += 1) append(sent++);
  }, everyMs);
  return { stop: () => clearInterval(timer), sent: () => sent };
}
