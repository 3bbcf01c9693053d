/**
 * Real Chromium with the built extension loaded (recipe: shared/design/testing.md).
 * One browser per test file, one tab per test. The extension must be built first
 * (`npm test` and `npm run test:e2e` build before running vitest).
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const DIST_DIR = resolve(REPO_ROOT, 'dist');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ExtensionBrowser {
  readonly context: BrowserContext;
  readonly extensionId: string;
  /** The current service worker (changes after a stop/restart). */
  serviceWorker(): Promise<Worker>;
  /** Opens `panel.html` (with an optional query string) as a tab. */
  openPanel(query?: string): Promise<Page>;
  /** Stops every service worker through CDP, as Chrome does when it idles one out. */
  stopServiceWorker(): Promise<void>;
  close(): Promise<void>;
}

export async function launchWithExtension(options: { extensionDir?: string; args?: string[] } = {}): Promise<ExtensionBrowser> {
  const extensionDir = options.extensionDir ?? DIST_DIR;
  if (!existsSync(resolve(extensionDir, 'manifest.json'))) {
    throw new Error(`no built extension at ${extensionDir}: run \`npm run build\` first`);
  }
  const context = await chromium.launchPersistentContext('', {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`,
      ...(options.args ?? []),
    ],
  });
  const first = context.serviceWorkers()[0] ?? await context.waitForEvent('serviceworker');
  const extensionId = new URL(first.url()).host;

  const serviceWorker = async (): Promise<Worker> => {
    const live = context.serviceWorkers().filter((w) => w.url().startsWith(`chrome-extension://${extensionId}/`));
    return live[live.length - 1] ?? await context.waitForEvent('serviceworker');
  };

  return {
    context,
    extensionId,
    serviceWorker,
    async openPanel(query = '') {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/panel.html${query}`);
      return page;
    },
    async stopServiceWorker() {
      const page = await context.newPage();
      try {
        const cdp = await context.newCDPSession(page);
        await cdp.send('ServiceWorker.enable');
        await cdp.send('ServiceWorker.stopAllWorkers');
      } finally {
        await page.close();
      }
    },
    close: () => context.close(),
  };
}

/** Polls `probe` until it returns a truthy value (no sleeps as synchronisation). */
export async function waitFor<T>(probe: () => Promise<T> | T, what: string, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
