/**
 * Rendering of the real panel (panel.html, deep-linked to the conversation) next to the bare
 * page appending one un-virtualised row per event: while events stream at 1,000/s (panel
 * following the bottom) and while scrolling through a long history. Figures from a trace.
 * Headless Chromium only paints the front tab, so each page is brought to the front and
 * traced on its own, one after the other.
 */
import type { Page } from 'playwright-core';
import type { BenchBrowser } from './browser';
import { pushEvents, seedConversation, startServer } from './demo-mix';
import { call, eventsSocketUrl, waitArrived } from './page-hooks';
import { check, type Measurement } from './result';
import type { BenchSizes } from './sizes';
import { frameStats, traceWhile, type FrameStats } from './trace';
import { waitFor } from '../test/e2e/helpers/browser';
import type { MockServer } from '../src/server/index';

const SCROLL_STEPS = 40;
const VIEWPORT = { width: 1000, height: 700 };

async function openPanel(browser: BenchBrowser, server: MockServer, conversationId: string): Promise<Page> {
  const query = new URLSearchParams({ server: server.url, conversation: conversationId, protocol: 'v1-events' });
  const page = await browser.ext.context.newPage();
  await page.setViewportSize(VIEWPORT);
  await page.goto(`chrome-extension://${browser.ext.extensionId}/panel.html?${query}`);
  return page;
}

const maxRenderedSeq = (page: Page) => page.evaluate(() =>
  Math.max(-1, ...[...document.querySelectorAll('[role=row][data-seq]')].map((r) => Number((r as HTMLElement).dataset.seq))));

/** What the panel showed, for a wait that gave up: the newest row, the row count, the follow button. */
const panelState = (page: Page) => page.evaluate(() => {
  const box = document.querySelector('.log-scroll');
  return JSON.stringify({
    newestRow: Math.max(-1, ...[...document.querySelectorAll('[role=row][data-seq]')].map((r) => Number((r as HTMLElement).dataset.seq))),
    rowCount: document.querySelector('[role=grid]')?.getAttribute('aria-rowcount'),
    jumpButton: document.querySelector('[data-testid=jump-to-latest]')?.textContent ?? null,
    scroll: box ? { top: box.scrollTop, height: box.scrollHeight, client: box.clientHeight } : null,
    hidden: document.hidden,
  });
}).catch((e: Error) => e.message);

const nextFrame = (page: Page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));

/** Wheel-scrolls the front page `steps` times, waiting for a frame after each step. */
async function wheel(page: Page, deltaY: number, steps: number): Promise<void> {
  await page.mouse.move(400, 300);
  for (let i = 0; i < steps; i += 1) {
    await page.mouse.wheel(0, deltaY);
    await nextFrame(page);
  }
}

async function traced(browser: BenchBrowser, page: Page, during: () => Promise<void>): Promise<FrameStats | null> {
  await page.bringToFront();
  await nextFrame(page);
  return frameStats(await traceWhile(browser.cdp, during));
}

export async function measureRendering(browser: BenchBrowser, sizes: BenchSizes): Promise<Measurement> {
  const { server, mix } = await startServer();
  const pages: Page[] = [];
  try {
    // Streaming at 1,000/s with stick-to-bottom: one conversation per page, same pace.
    const forPanel = server.store.create({ generation: 'v1', title: 'bench render' }).id;
    const forBare = server.store.create({ generation: 'v1', title: 'bench render (bare)' }).id;
    const panel = await openPanel(browser, server, forPanel);
    const bare = await browser.open('bare');
    pages.push(panel, bare);
    await bare.setViewportSize(VIEWPORT);
    await call(bare, '__bare', 'render', eventsSocketUrl(server, forBare));
    await pushEvents(server, mix, forPanel, 1);
    const panelRenders = await waitFor(async () => (await maxRenderedSeq(panel)) >= 0, 'a record row in panel.html', 20_000).catch(() => false);
    if (!panelRenders) return { status: 'not-measured', why: 'panel.html shows no record rows ([role=row][data-seq]) for a deep-linked conversation' };
    const streamEvents = 1000 * sizes.renderSeconds;
    const panelStream = await traced(browser, panel, async () => {
      await pushEvents(server, mix, forPanel, streamEvents, 1000);
      await waitFor(async () => (await maxRenderedSeq(panel)) >= streamEvents, 'last streamed row in the panel', 30_000)
        .catch(async (e: Error) => { throw new Error(`${e.message}; the panel showed ${await panelState(panel)}`); });
    });
    const bareStream = await traced(browser, bare, async () => {
      const ids = (await pushEvents(server, mix, forBare, streamEvents, 1000)).ids;
      await waitArrived(bare, '__bare', ids[ids.length - 1]!, 'last streamed row in the bare page', 30_000);
      await nextFrame(bare);
    });

    // Scrolling through a long history: the panel starts at the newest row, bare at the top.
    const history = seedConversation(server, mix, sizes.scrollRows, 'bench scroll');
    await panel.close();
    const scrollPanel = await openPanel(browser, server, history.id);
    pages.push(scrollPanel);
    // Large histories load newest-first (older rows are prepended): wait until every row is in.
    await waitFor(() => scrollPanel.evaluate((rows) => Number(document.querySelector('[role=grid]')?.getAttribute('aria-rowcount') ?? 0) > rows
      && document.querySelector('[data-testid=history-loading]') === null, sizes.scrollRows), 'the whole history in panel.html', 60_000 + sizes.scrollRows);
    await call(bare, '__bare', 'closeAll');
    await bare.evaluate(() => { document.getElementById('rows')!.replaceChildren(); });
    await call(bare, '__bare', 'fillRows', sizes.scrollRows);
    const panelScroll = await traced(browser, scrollPanel, () => wheel(scrollPanel, -1500, SCROLL_STEPS));
    const bareScroll = await traced(browser, bare, () => wheel(bare, 1500, SCROLL_STEPS));

    const streaming = { panel: panelStream, bare: bareStream };
    const scrolling = { panel: panelScroll, bare: bareScroll };
    const p95 = (s: FrameStats | null) => s?.p95BusyMs ?? null;
    const busy = (s: FrameStats | null) => s?.busyMsPerSecond ?? null;
    const ratio = (a: FrameStats | null, b: FrameStats | null) => (a && b && b.busyMsPerSecond > 0 ? a.busyMsPerSecond / b.busyMsPerSecond : null);
    return {
      status: 'measured',
      summary: `streaming 1,000/s: panel p95 ${p95(panelStream)} ms/frame, ${busy(panelStream)} ms busy/s (${panelStream?.cpu.msPerSecond ?? '?'} of it on a CPU), ${panelStream?.longTasks ?? '?'} long tasks, ${panelStream?.cpu.longTasks ?? '?'} by CPU time (bare ${p95(bareStream)} ms, ${busy(bareStream)} ms/s, ${bareStream?.longTasks ?? '?'}); scrolling ${sizes.scrollRows} rows: panel p95 ${p95(panelScroll)} ms, ${busy(panelScroll)} ms/s (bare ${p95(bareScroll)} ms, ${busy(bareScroll)} ms/s)`,
      targets: [
        check('panel p95 main-thread ms per frame, streaming', '≤ 16.7', p95(panelStream), (v) => v <= 16.7),
        check('panel long tasks > 50 ms, streaming', '0', panelStream?.longTasks ?? null, (v) => v === 0),
        check('panel p95 main-thread ms per frame, scrolling', '≤ 16.7', p95(panelScroll), (v) => v <= 16.7),
        { ...check('panel / bare main-thread busy time, streaming', 'info (side by side)', ratio(panelStream, bareStream), () => true), met: null },
        { ...check('panel p95 main-thread CPU ms per frame, streaming', 'info (thread time)', panelStream?.cpu.p95Ms ?? null, () => true), met: null },
        { ...check('panel tasks over 50 ms of CPU, streaming', 'info (thread time)', panelStream?.cpu.longTasks ?? null, () => true), met: null },
        { ...check('panel / bare main-thread busy time, scrolling', 'info (side by side)', ratio(panelScroll, bareScroll), () => true), met: null },
      ],
      data: { renderSeconds: sizes.renderSeconds, scrollRows: sizes.scrollRows, scrollSteps: SCROLL_STEPS, streaming, scrolling },
      notes: [
        'Busy time = top-level RunTask slices on the page\'s renderer main thread, per 16.7 ms frame slot (a task counts whole in the slot it starts in), from a CDP trace of the whole browser.',
        'The cpu figures use the same slices\' thread time (trace tdur): wall time minus the time the main thread was runnable but waiting for one of the machine\'s CPUs, which the SW thread, the browser process and the mock server also want.',
        'The bare page appends one div per event (no virtualization) and sticks to the bottom once per animation frame; it scrolls a list of the same length.',
        'Each page is traced alone in the front tab: headless Chromium does not paint background tabs, and every page of the extension shares one renderer main thread.',
      ],
    };
  } finally {
    for (const page of pages) await page.close().catch(() => undefined);
    await server.close();
  }
}
