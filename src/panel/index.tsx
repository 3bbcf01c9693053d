// Panel entry (DevTools panel or a plain extension tab): wires the store to the SW port,
// the inspected page (DevTools only), the deep link and the page's clipboard/storage, then
// renders. The only panel file besides background-link.ts that touches the extension API.
import '../shared/zod-config';
import browser from 'webextension-polyfill';
import { render } from 'preact';
import { signal } from '@preact/signals';
import { PANEL_PORT_NAME } from '../shared/port/messages';
import { App, type PanelEnv } from './App';
import { resolveInspectedPage, watchInspectedPage, type FetchLike } from './attach';
import { createBackgroundLink } from './background-link';
import { parseDeepLink } from './deep-link';
import { createPanelStore } from './store/panel-store';
import { chooseTheme } from './theme';
import { templateStorageIn } from './components/composer';
import { renderFollowersPerFrame } from './components/per-frame';
import { FOLLOW_RENDER_INTERVAL_MS, throttledFrames } from './components/frame-throttle';
import { listenForDevtoolsSearch } from './devtools-search-link';

// Views that follow the stream (the log, counts, detail, replay bar) render in an animation
// frame, at most every FOLLOW_RENDER_INTERVAL_MS.
renderFollowersPerFrame(throttledFrames(FOLLOW_RENDER_INTERVAL_MS, {
  requestFrame: (run) => { requestAnimationFrame(run); },
  setTimer: (run, ms) => { setTimeout(run, ms); },
  now: () => performance.now(),
}));

const clock = { now: () => Date.now(), setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as number) };
const fetchJson: FetchLike = (url, init) => fetch(url, init);

let request: Parameters<typeof createPanelStore>[0]['request'] = () => Promise.reject(new Error('not connected yet'));
const store = createPanelStore({ request: (command) => request(command) });
const link = createBackgroundLink({ connect: () => browser.runtime.connect({ name: PANEL_PORT_NAME }), store, clock });
request = link.request;
link.start();
addEventListener('pagehide', () => link.stop());

const deepLink = parseDeepLink(location.search);
if (deepLink?.ok && !deepLink.prefill) void store.attach(deepLink.target).catch(() => undefined);
if (deepLink && !deepLink.ok) store.notify(deepLink.error);

const inDevtools = browser.devtools?.inspectedWindow !== undefined;
// Inside DevTools: offer the inspected OpenHands page's conversation (resolved via its app
// server), read again each time the attach dialog opens.
const inspected = inDevtools ? watchInspectedPage({
  // The polyfill resolves with the value alone (its typings say [value, exceptionInfo]).
  readPageUrl: () => browser.devtools.inspectedWindow.eval('location.href').then((answer: unknown) => {
    const pageUrl: unknown = Array.isArray(answer) ? answer[0] : answer;
    return typeof pageUrl === 'string' ? pageUrl : undefined;
  }),
  resolve: (pageUrl) => resolveInspectedPage(pageUrl, fetchJson),
  onError: (message) => store.notify(message),
}) : undefined;
// DevTools' search box (Ctrl+F over this panel), relayed by the DevTools page.
const devtoolsSearch = signal<{ text: string } | undefined>(undefined);
listenForDevtoolsSearch(window, location.origin, (text) => { devtoolsSearch.value = { text }; }, (why) => store.notify(why));
const env: PanelEnv = {
  copy: (text) => { void navigator.clipboard.writeText(text).catch((e: Error) => store.notify(`copy failed: ${e.message}`)); },
  // Chrome grants host permissions only from a user gesture in an extension page; Firefox
  // cannot ask from a DevTools panel at all (Bugzilla 1796933), so it opens a tab instead.
  requestPermission: inDevtools && navigator.userAgent.includes('Firefox') ? undefined : (p) => browser.permissions.request(p),
  // The background opens it: a Firefox DevTools panel has no `tabs`.
  onOpenAsTab: (prefill) => { void store.command('Open as tab', { name: 'openPanelTab', prefill }).catch(() => undefined); },
  explainSandbox: (pageUrl) => resolveInspectedPage(pageUrl, fetchJson).then((r) => (r.ok ? undefined : r.reason)),
  inspected: inspected?.page,
  refreshInspected: inspected?.refresh,
  devtoolsSearch,
  filterStorage: localStorage,
  attachPrefill: deepLink?.ok ? (deepLink.prefill ? deepLink.target : { serverUrl: deepLink.target.serverUrl }) : undefined,
  openAttach: deepLink?.ok === true && deepLink.prefill === true,
  templateStorage: templateStorageIn(browser.storage.local),
  toolVersion: browser.runtime.getManifest().version,
};

// Palette: DevTools' theme inside DevTools (Firefox reports changes), the system's in a tab.
const systemDark = matchMedia('(prefers-color-scheme: dark)');
const applyTheme = (name = browser.devtools?.panels?.themeName) => {
  document.documentElement.dataset.theme = chooseTheme(name, systemDark.matches);
};
applyTheme();
systemDark.addEventListener('change', () => applyTheme());
browser.devtools?.panels?.onThemeChanged?.addListener((name: string) => applyTheme(name));

const root = document.getElementById('app') as HTMLElement;
render(<App store={store} env={env} />, root);
