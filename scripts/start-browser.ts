/**
 * `npm start`'s browser half: Debian's Chromium with the built extension loaded (the recipe of
 * shared/design/testing.md), the panel opened as a tab, and a read-only look at what it shows.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface DemoBrowser {
  readonly context: BrowserContext;
  readonly extensionId: string;
  readonly version: string;
  readonly serviceWorker: Worker;
  openPanel(query: URLSearchParams): Promise<Page>;
  close(): Promise<void>;
}

export async function launchDemoBrowser(extensionDir: string, headless: boolean): Promise<DemoBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`no Chromium at ${CHROMIUM_PATH}: run \`apt-get install -y chromium\` (Debian) or set CHROMIUM_PATH`);
  }
  // A throwaway profile: the demo never touches the person's own browser profile.
  const profile = await mkdtemp(join(tmpdir(), 'cdt-start-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless,
    // Ctrl-C is ours: close the browser, then the server, then say so (Playwright would exit first).
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
    viewport: headless ? { width: 1280, height: 800 } : null,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`,
    ],
  });
  const serviceWorker = context.serviceWorkers()[0] ?? await context.waitForEvent('serviceworker');
  const extensionId = new URL(serviceWorker.url()).host;
  let closed = false;
  return {
    context,
    extensionId,
    serviceWorker,
    version: context.browser()?.version() ?? 'unknown',
    async openPanel(query) {
      // Reuse the blank first tab of a headed window instead of leaving it beside the panel.
      const blank = context.pages().find((p) => p.url() === 'about:blank');
      const page = blank ?? await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/panel.html?${query.toString()}`);
      return page;
    },
    async close() {
      if (closed) return;
      closed = true;
      await context.close().catch(() => undefined);
      // Chromium got the Ctrl-C too and may still be writing its profile: retry a busy removal.
      await rm(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
}

/** What the panel page shows right now, read through its public DOM hooks (architecture §8). */
export interface PanelView {
  readonly rows: number;
  readonly eventIds: string[];
  readonly kinds: string[];
  readonly hasLog: boolean;
  readonly linkState: string | null;
  readonly badgeState: string | null;
}

export function readPanel(page: Page): Promise<PanelView> {
  return page.evaluate(() => {
    // Log rows only: the detail pane's connection timeline marks its entries with data-seq too.
    const rows = [...document.querySelectorAll<HTMLElement>('[role="row"][data-seq]')];
    return {
      rows: rows.length,
      eventIds: rows.map((r) => r.dataset.eventId ?? '').filter((id) => id !== ''),
      kinds: [...new Set(rows.map((r) => r.dataset.kind ?? '').filter((k) => k !== ''))],
      hasLog: document.querySelector('[role="grid"]') !== null,
      linkState: document.querySelector('[data-link-state]')?.getAttribute('data-link-state') ?? null,
      badgeState: document.querySelector('[data-state]')?.getAttribute('data-state') ?? null,
    };
  });
}

/** Event ids the service worker holds for a connection (its read-only `__cdt` debug hook). */
export function swEventIds(worker: Worker, key: string): Promise<string[]> {
  return worker.evaluate((k) => {
    const hook = (globalThis as unknown as { __cdt?: { eventIds(key: string): string[] } }).__cdt;
    return hook ? hook.eventIds(k) : [];
  }, key);
}
