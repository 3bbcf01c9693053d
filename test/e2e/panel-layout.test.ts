// The panel at the sizes DevTools gives it, in real Chromium: docked at the side (500–554 px
// wide), docked at the bottom (1280×300) and in a wide window. Geometry, not pixels: the log
// keeps its kind and summary columns and at least five rows, the attach form takes the width,
// the toolbar stays within two lines and within its pane, and narrow panels stack their panes
// (sidebar as a drawer over the log, detail under it) instead of squeezing three columns.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { conversationKeyOf } from '../../src/shared/connection';
import { readPanel } from '../../scripts/start-browser';
import { waitFor } from './helpers/browser';
import { usePanelRig } from './helpers/panel-rig';

const rig = usePanelRig();

interface Box { left: number; top: number; right: number; bottom: number; width: number; height: number }

/** The element's box, or null when it is not rendered (display: none anywhere up its tree). */
const boxOf = (page: Page, selector: string): Promise<Box | null> => page.evaluate((s) => {
  const el = document.querySelector(s);
  if (!el || el.getClientRects().length === 0) return null;
  const r = el.getBoundingClientRect();
  return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
}, selector);

/** How much of the log header's kind and summary cells a person sees inside the log's scroll box. */
const visibleColumns = (page: Page) => page.evaluate(() => {
  const scroll = document.querySelector('.log-scroll') as HTMLElement;
  const box = scroll.getBoundingClientRect();
  const right = box.left + scroll.clientWidth;
  const seen = (cls: string) => {
    const r = document.querySelector(`.log-header .${cls}`)!.getBoundingClientRect();
    return Math.max(0, Math.min(r.right, right) - Math.max(r.left, box.left));
  };
  return { kind: seen('c-kind'), summary: seen('c-summary') };
});

/** The toolbar's lines (items grouped by vertical centre) and any item reaching past its edges. */
const toolbarShape = (page: Page) => page.evaluate(() => {
  const bar = document.querySelector('.toolbar')!;
  const edge = bar.getBoundingClientRect();
  const items = [...bar.children].map((c) => ({ name: c.className || c.tagName, r: c.getBoundingClientRect() })).filter((i) => i.r.width > 0);
  const centres = items.map((i) => (i.r.top + i.r.bottom) / 2).sort((a, b) => a - b);
  const lines = centres.filter((c, i) => i === 0 || c - centres[i - 1]! > 4).length;
  const spilling = items.filter((i) => i.r.left < edge.left - 0.5 || i.r.right > edge.right + 0.5).map((i) => i.name);
  return { lines, spilling };
});

async function openLive(width: number, height: number): Promise<{ page: Page; key: string }> {
  const conversation = rig.server.conversations.demo;
  const key = conversationKeyOf({ serverUrl: rig.server.url, conversationId: conversation });
  const page = await rig.browser.openPanel(`?server=${encodeURIComponent(rig.server.url)}&conversation=${conversation}&protocol=v1-events`);
  await page.setViewportSize({ width, height });
  await waitFor(async () => (await page.$$('.log-window [data-seq]')).length >= 5, 'rows');
  return { page, key };
}

test('500×700 with nothing attached: the attach form takes the width, no sidebar column beside it', async () => {
  const page = await rig.browser.openPanel();
  await page.setViewportSize({ width: 500, height: 700 });
  await page.waitForSelector('input[name="serverUrl"]');
  expect(await boxOf(page, '.pane-sidebar'), 'the sidebar is a drawer, closed').toBeNull();
  for (const field of ['input[name="listServerUrl"]', 'input[name="serverUrl"]', 'input[name="conversationId"]', 'input[name="sessionApiKey"]', 'select[name="protocol"]']) {
    const box = await boxOf(page, field);
    expect(box?.width, field).toBeGreaterThanOrEqual(250);
    expect(box!.right, `${field} inside the panel`).toBeLessThanOrEqual(500);
  }
  expect((await toolbarShape(page)).spilling).toEqual([]);
  await page.close();
});

for (const [width, height] of [[500, 700], [554, 800]] as const) {
  test(`${width}×${height} (DevTools docked at the side): the log has the width, the panes stack`, async () => {
    const { page, key } = await openLive(width, height);
    // The log takes the whole width: no sidebar column, no detail column.
    expect((await boxOf(page, '.pane-main'))?.width).toBe(width);
    expect(await boxOf(page, '.pane-sidebar')).toBeNull();
    expect(await boxOf(page, '.pane-detail')).toBeNull();
    const columns = await visibleColumns(page);
    expect(columns.kind).toBeGreaterThanOrEqual(90);
    expect(columns.summary).toBeGreaterThanOrEqual(120);
    expect((await boxOf(page, '.log-scroll'))!.height).toBeGreaterThanOrEqual(100);
    const toolbar = await toolbarShape(page);
    expect(toolbar.lines).toBeLessThanOrEqual(2);
    expect(toolbar.spilling).toEqual([]);

    // ☰ opens the sidebar over the log; picking the conversation closes it again.
    await page.click('button[name="toggle-sidebar"]');
    const drawer = await boxOf(page, '.pane-sidebar');
    expect(drawer?.left).toBe(0);
    expect(drawer!.width).toBeGreaterThanOrEqual(250);
    await page.click(`.conn[data-key="${key}"] .conn-main`);
    await waitFor(async () => (await boxOf(page, '.pane-sidebar')) === null, 'the sidebar drawer closes');

    // Selecting a record opens the detail under the log, across the whole width; × closes it.
    const rows = await page.$$('.log-window [data-seq]');
    await rows[rows.length - 3]!.click();
    await page.waitForSelector('.pane-detail .record-detail');
    const detail = (await boxOf(page, '.pane-detail'))!;
    const log = (await boxOf(page, '.log-scroll'))!;
    expect(detail.width).toBe(width);
    expect(detail.top).toBeGreaterThanOrEqual(log.bottom);
    expect(log.height).toBeGreaterThanOrEqual(100);
    expect((await visibleColumns(page)).summary).toBeGreaterThanOrEqual(120);
    await page.click('button[name="close-detail"]');
    await waitFor(async () => (await boxOf(page, '.pane-detail')) === null, 'the detail closes');
    await page.close();
  });
}

test('360×640: narrower than its rows, the log scrolls sideways and its header moves along', async () => {
  const { page } = await openLive(360, 640);
  expect(await page.$eval('.log-scroll', (el) => el.scrollWidth > el.clientWidth)).toBe(true);
  const scrolled = await page.$eval('.log-scroll', (el) => { el.scrollLeft = 1000; return el.scrollLeft; });
  expect(scrolled).toBeGreaterThan(0);
  await waitFor(() => page.$eval('.log-header-clip', (el, left) => el.scrollLeft === left, scrolled), 'the header scrolled with the rows');
  const lefts = await page.evaluate(() => ['.log-header .c-summary', '.log-window [data-seq] .c-summary'].map((s) => document.querySelector(s)!.getBoundingClientRect().left));
  expect(Math.abs(lefts[0]! - lefts[1]!)).toBeLessThanOrEqual(1);
  await page.close();
});

test('1280×300 (DevTools docked at the bottom): the open composer leaves the log five rows and scrolls itself', async () => {
  const { page } = await openLive(1280, 300);
  const toolbar = await toolbarShape(page);
  expect(toolbar.lines).toBeLessThanOrEqual(2);
  expect(toolbar.spilling).toEqual([]);
  await page.click('.drawer-toggle');
  await page.waitForSelector('.drawer-body .composer');
  expect((await boxOf(page, '.log-scroll'))!.height).toBeGreaterThanOrEqual(100);
  const composer = await page.evaluate(() => {
    const body = document.querySelector('.drawer-body') as HTMLElement;
    const main = document.querySelector('.pane-main')!.getBoundingClientRect();
    const r = body.getBoundingClientRect();
    return { height: r.height, scrolls: body.scrollHeight > body.clientHeight, bottom: r.bottom, mainBottom: main.bottom };
  });
  expect(composer.height).toBeGreaterThan(0);
  expect(composer.scrolls).toBe(true);
  expect(composer.bottom).toBeLessThanOrEqual(composer.mainBottom + 0.5);
  await page.close();
});

test('1280×800: three columns side by side, no pane toggles', async () => {
  const { page } = await openLive(1280, 800);
  const sidebar = (await boxOf(page, '.pane-sidebar'))!;
  const main = (await boxOf(page, '.pane-main'))!;
  const detail = (await boxOf(page, '.pane-detail'))!;
  expect(sidebar.right).toBeLessThanOrEqual(main.left + 0.5);
  expect(main.right).toBeLessThanOrEqual(detail.left + 0.5);
  expect(await boxOf(page, 'button[name="toggle-sidebar"]')).toBeNull();
  expect(await boxOf(page, 'button[name="close-detail"]')).toBeNull();
  const columns = await visibleColumns(page);
  expect(columns.kind).toBeGreaterThanOrEqual(100);
  expect(columns.summary).toBeGreaterThanOrEqual(150);
  expect((await toolbarShape(page)).spilling).toEqual([]);
  await page.close();
});

test("npm start's summary of the panel (readPanel) counts log rows, not the timeline's entries beside them", async () => {
  const { page } = await openLive(1280, 800);
  await page.waitForSelector('.tl-list li[data-seq]');
  const view = await readPanel(page);
  expect(view.rows).toBe((await page.$$('.log-window [role="row"][data-seq]')).length);
  await page.close();
});

test('the connection timeline below the fold is skipped while out of view and drawn once scrolled to', async () => {
  const { page } = await openLive(1280, 300);
  await page.bringToFront(); // headless Chromium renders only the front tab
  await page.waitForSelector('.tl-list li[data-seq]', { state: 'attached' });
  // A streaming conversation's state pane (pending actions, errors) grows far taller than the pane.
  await page.evaluate(() => { const sheet = new CSSStyleSheet(); sheet.replaceSync('.detail-state { min-height: 3000px; }'); document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; });
  // Drawn = laid out and painted (checkVisibility counts content-visibility: auto skipping as hidden).
  const storyDrawn = () => page.evaluate(() => document.querySelector('.detail-story .tl-list')!.checkVisibility({ contentVisibilityAuto: true }));
  const below = await page.evaluate(() => {
    const pane = document.querySelector('.pane-detail')!.getBoundingClientRect();
    return document.querySelector('.detail-story')!.getBoundingClientRect().top > pane.bottom + pane.height;
  });
  expect(below).toBe(true);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await waitFor(async () => !(await storyDrawn()), 'the off-screen timeline skipped');
  await page.evaluate(() => document.querySelector('.detail-story')!.scrollIntoView());
  await waitFor(storyDrawn, 'the timeline drawn once in view');
  expect(await boxOf(page, '.tl-list li[data-seq]')).not.toBeNull();
  await page.close();
});
