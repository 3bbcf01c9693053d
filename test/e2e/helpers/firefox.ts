/**
 * Real headless Firefox ESR with the built extension, driven over WebDriver BiDi (helpers/bidi.ts).
 * Reaches what a person reaches: the panel as a tab, the real DevTools toolbox with the
 * Conversations panel (read through a frame script), the add-on permission prompt, and the
 * add-on's permissions as about:addons switches them. One browser per test file; the extension
 * must be built first (`npm test` and `npm run test:e2e` build before running vitest).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchFirefoxBidi, type BidiSession, type PrefValue } from './bidi';
import { DIST_DIR, waitFor } from './browser';

export { hasFirefox } from './bidi';

const EXTENSION_ID = 'conversation-devtools@openhands-tools.dev';
/** Pinned through `extensions.webextensions.uuids`, so tests know the moz-extension:// origin. */
const EXTENSION_UUID = '11111111-2222-3333-4444-555555555555';
export const PANEL_URL = `moz-extension://${EXTENSION_UUID}/panel.html`;

/**
 * An expression that types into the Attach dialog's fields as a person does (input events), in
 * a tab or (awaited) in the DevTools panel. Each field waits for the microtask Preact re-renders
 * in: the next field's handler spreads the entry of the last render, and typed all at once the
 * fields lost all but the last one.
 */
export const fillAttachForm = (fields: Record<string, string>) => `(async () => {
  for (const [name, value] of Object.entries(${JSON.stringify(fields)})) {
    const field = document.querySelector('.attach-dialog [name=' + name + ']');
    field.value = value;
    field.dispatchEvent(new window.Event(field.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }));
    await Promise.resolve();
  }
  return true;
})()`;

/** An expression for the first button whose text is `text` (undefined when there is none). */
export const buttonNamed = (text: string) => `[...document.querySelectorAll('button')].find((b) => b.textContent === ${JSON.stringify(text)})`;

export interface FirefoxWithExtension {
  readonly bidi: BidiSession;
  /** Evaluates in a tab (a BiDi browsing context id). */
  evaluate<T = unknown>(context: string, expression: string): Promise<T>;
  /** Evaluates in the browser window's chrome (`gBrowser`, `Services`, `PopupNotifications`). */
  evaluateChrome<T = unknown>(expression: string): Promise<T>;
  /** Opens the panel page (with a query) in a new, selected tab as the browser would; its context id. */
  openPanelTab(query?: string): Promise<string>;
  /** Waits until a panel tab talks to the background and shows the Attach form (its layout settled). */
  attachFormReady(context: string): Promise<void>;
  /** The tabs whose URL starts with `prefix`. */
  tabsAt(prefix: string): Promise<Array<{ context: string; url: string }>>;
  /** Closes a tab and selects the first one again. */
  closeTab(context: string): Promise<void>;
  /** A trusted mouse click (a user gesture) on the first `selector` match whose text is `text`, when given. */
  click(context: string, selector: string, text?: string): Promise<void>;
  /** Loads `pageUrl` in the first tab and opens the DevTools toolbox there on the Conversations panel. */
  openDevtoolsPanel(pageUrl: string): Promise<void>;
  /** Runs `body` (a function body; `document` is the panel's) in the DevTools panel; its JSON result. */
  inDevtoolsPanel<T = unknown>(body: string): Promise<T>;
  /** Accepts or declines the add-on permission prompt; resolves once it was shown and answered. */
  answerPermissionPrompt(accept: boolean): Promise<void>;
  /** Switches the add-on's access to these origin patterns off, as about:addons → Permissions does. */
  revokeOrigins(origins: string[]): Promise<void>;
  close(): Promise<void>;
}

export async function launchFirefoxWithExtension(options: { prefs?: Record<string, PrefValue> } = {}): Promise<FirefoxWithExtension> {
  if (!existsSync(resolve(DIST_DIR, 'manifest.json'))) throw new Error(`no built extension at ${DIST_DIR}: run \`npm run build\` first`);
  const bidi = await launchFirefoxBidi({
    'extensions.webextensions.uuids': JSON.stringify({ [EXTENSION_ID]: EXTENSION_UUID }),
    'xpinstall.signatures.required': false,
    ...options.prefs,
  });
  try {
    await bidi.send('webExtension.install', { extensionData: { type: 'path', path: DIST_DIR } });
  } catch (error) {
    await bidi.close();
    throw error;
  }
  const tabs = async () => (await bidi.send<{ contexts: Array<{ context: string; url: string }> }>('browsingContext.getTree', {})).contexts;
  const chrome = (await bidi.send<{ contexts: Array<{ context: string }> }>('browsingContext.getTree', { 'moz:scope': 'chrome' })).contexts[0]!.context;
  const evaluateChrome = <T>(expression: string) => bidi.evaluate<T>(chrome, expression);

  return {
    bidi,
    evaluate: (context, expression) => bidi.evaluate(context, expression),
    evaluateChrome,
    async openPanelTab(query = '') {
      const url = PANEL_URL + query;
      const before = new Set((await tabs()).map((tab) => tab.context));
      // BiDi may not navigate a tab to moz-extension://; the browser's own addTab may.
      await evaluateChrome(`(() => {
        const tab = gBrowser.addTab(${JSON.stringify(url)}, { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });
        gBrowser.selectedTab = tab;
        return true;
      })()`);
      return waitFor(async () => (await tabs()).find((tab) => !before.has(tab.context) && tab.url.startsWith(PANEL_URL))?.context, 'the panel tab');
    },
    async attachFormReady(context) {
      // The "connecting to the service worker" banner leaves once the link is live, moving
      // everything below it: a click aimed before then lands elsewhere.
      await waitFor(() => bidi.evaluate(context, `document.querySelector('.app')?.dataset.linkState === 'live'
        && document.querySelector('.attach-dialog [name=serverUrl]') !== null`), 'the panel tab\'s attach form, linked to the background');
    },
    async tabsAt(prefix) {
      return (await tabs()).filter((tab) => tab.url.startsWith(prefix));
    },
    async closeTab(context) {
      await bidi.send('browsingContext.close', { context });
      await evaluateChrome('(gBrowser.selectedTab = gBrowser.tabs[0], true)');
    },
    async click(context, selector, text) {
      const centre = await bidi.evaluate<{ x: number; y: number } | null>(context, `(() => {
        const el = [...document.querySelectorAll(${JSON.stringify(selector)})].find((e) => ${JSON.stringify(text ?? null)} === null || e.textContent === ${JSON.stringify(text ?? null)});
        if (!el) return null;
        el.scrollIntoView({ block: 'center' });
        const r = el.getBoundingClientRect();
        const centre = { x: Math.round(r.x + r.width / 2), y: Math.round(r.y + r.height / 2) };
        return el.contains(document.elementFromPoint(centre.x, centre.y)) ? centre : null;
      })()`);
      if (centre === null) throw new Error(`nothing to click, or covered: ${selector}${text === undefined ? '' : ` "${text}"`}`);
      await bidi.send('input.performActions', { context, actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [
        { type: 'pointerMove', x: centre.x, y: centre.y }, { type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 },
      ] }] });
    },
    async openDevtoolsPanel(pageUrl) {
      await evaluateChrome('(gBrowser.selectedTab = gBrowser.tabs[0], true)');
      await bidi.send('browsingContext.navigate', { context: (await tabs())[0]!.context, url: pageUrl, wait: 'complete' });
      const opened = await evaluateChrome<string>(`(async () => {
        const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
        const { gDevTools } = require('devtools/client/framework/devtools');
        const toolbox = await gDevTools.showToolboxForTab(gBrowser.selectedTab, { toolId: 'webconsole' });
        let panel;
        for (let i = 0; i < 200 && !panel; i++) {
          panel = (toolbox.getAdditionalTools?.() ?? []).find((tool) => tool.label === 'Conversations');
          if (!panel) await new Promise((r) => setTimeout(r, 50));
        }
        if (!panel) return 'no Conversations panel in the toolbox';
        await toolbox.selectTool(panel.id);
        globalThis.__cdtPanelFrame = () => toolbox.doc.getElementById('toolbox-panel-iframe-' + panel.id)?.contentDocument?.querySelector('browser');
        // Frame scripts load into the document the <browser> holds: wait for the panel page's.
        for (let i = 0; i < 200; i++) {
          const uri = globalThis.__cdtPanelFrame()?.browsingContext?.currentWindowGlobal?.documentURI?.spec ?? '';
          if (uri.endsWith('/panel.html')) return 'ok';
          await new Promise((r) => setTimeout(r, 50));
        }
        return 'the Conversations panel never loaded panel.html';
      })()`);
      if (opened !== 'ok') throw new Error(opened);
    },
    async inDevtoolsPanel<T>(body: string) {
      // The panel page lives in a <browser> inside the toolbox's iframe: a frame script runs there.
      const answer = await waitFor(() => evaluateChrome<string | null>(`(async () => {
        const browser = globalThis.__cdtPanelFrame?.();
        if (!browser) return null;
        const mm = browser.messageManager;
        const tag = 'cdt-' + Math.random();
        const answer = new Promise((resolve) => {
          const listener = (m) => { mm.removeMessageListener(tag, listener); resolve(m.data); };
          mm.addMessageListener(tag, listener);
        });
        const script = '(async () => { let v; try { const window = content.wrappedJSObject; const document = window.document; '
          + 'v = await (async () => { ' + ${JSON.stringify(body)} + ' })(); } catch (e) { v = { frameScriptError: String(e) }; } '
          + 'sendAsyncMessage(' + JSON.stringify(tag) + ', JSON.stringify(v ?? null)); })()';
        mm.loadFrameScript('data:text/javascript;charset=utf-8,' + encodeURIComponent(script), false);
        // A frame script that never answers (the panel page reloading under it) is tried again.
        return Promise.race([answer, new Promise((resolve) => setTimeout(() => resolve(null), 5000))]);
      })()`), 'the DevTools panel page');
      const value = JSON.parse(answer) as T & { frameScriptError?: string };
      if (value !== null && typeof value === 'object' && 'frameScriptError' in value) throw new Error(`in the DevTools panel: ${value.frameScriptError}`);
      return value;
    },
    async answerPermissionPrompt(accept) {
      await waitFor(() => evaluateChrome<boolean>(`(() => {
        const prompt = PopupNotifications.getNotification('addon-webext-permissions', gBrowser.selectedBrowser);
        if (!prompt) return false;
        if (${accept}) prompt.mainAction.callback({ source: 'button' }); else prompt.secondaryActions[0].callback({ source: 'button' });
        prompt.remove();
        return true;
      })()`), 'the add-on permission prompt', 15_000);
    },
    async revokeOrigins(origins) {
      await evaluateChrome(`(async () => {
        const { ExtensionPermissions } = ChromeUtils.importESModule('resource://gre/modules/ExtensionPermissions.sys.mjs');
        const extension = WebExtensionPolicy.getByID(${JSON.stringify(EXTENSION_ID)}).extension;
        await ExtensionPermissions.remove(extension.id, { permissions: [], origins: ${JSON.stringify(origins)} }, extension);
        return true;
      })()`);
    },
    close: () => bidi.close(),
  };
}
