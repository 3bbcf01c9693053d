/**
 * Chromium with the bench copy of the extension, plus a raw CDP connection for what
 * Playwright cannot reach (the SW's heap, browser-wide tracing).
 */
import { createServer } from 'node:net';
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from '../test/e2e/helpers/browser';
import { CdpClient } from './cdp';

export interface BenchBrowser {
  ext: ExtensionBrowser;
  cdp: CdpClient;
  /** Opens bare.html or pipeline.html as a tab and waits for its hook. */
  open(page: 'bare' | 'pipeline'): Promise<Page>;
  /** Flat CDP session on the SW or on the tab whose URL ends with `urlSuffix`. */
  sessionOn(what: 'sw' | { urlSuffix: string }): Promise<string>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  await new Promise<void>((r) => server.close(() => r()));
  if (typeof address !== 'object' || !address) throw new Error('no free port');
  return address.port;
}

export async function launchBenchBrowser(extensionDir: string): Promise<BenchBrowser> {
  const port = await freePort();
  const ext = await launchWithExtension({ extensionDir, args: [`--remote-debugging-port=${port}`] });
  const cdp = await CdpClient.connect(port);
  const base = `chrome-extension://${ext.extensionId}/`;
  return {
    ext, cdp,
    async open(name) {
      const page = await ext.context.newPage();
      await page.goto(`${base}${name}.html?t=${Date.now()}`);
      await page.waitForFunction((hook) => hook in window, name === 'bare' ? '__bare' : '__pipe');
      return page;
    },
    sessionOn(what) {
      return cdp.attach((t) => (what === 'sw'
        ? t.type === 'service_worker' && t.url.startsWith(base)
        : t.type === 'page' && t.url.startsWith(base) && t.url.includes(what.urlSuffix)));
    },
    async close() {
      cdp.close();
      await ext.close();
    },
  };
}
