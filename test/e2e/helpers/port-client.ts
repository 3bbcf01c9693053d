/**
 * Drives the SW's port protocol from an extension page, the way the panel's
 * background-link does, so tests can attach and read records without the UI.
 * Everything runs inside the page (page.evaluate); state lives on `window.__portClient`.
 */
import type { Page } from 'playwright-core';
import type { ConnectionTarget } from '../../../src/shared/connection';
import { PORT_PROTOCOL_VERSION } from '../../../src/shared/port/messages';

/** The slice of the extension API the page-side client uses (no @types/chrome here). */
interface PagePort { postMessage(m: unknown): void; onMessage: { addListener(fn: (m: never) => void): void } }
interface PageChrome { runtime: { connect(info: { name: string }): PagePort } }

export interface PortClientView {
  welcome: { epoch: string } | null;
  records: Record<string, { seq: number; eventId?: string; direction: string; kind?: string }[]>;
  statuses: Record<string, { state: string; historyLoading?: boolean }>;
  /** Event ids in the order they crossed the port (appended, snapshot or prepended). */
  arrivals: Record<string, string[]>;
}

/** Opens a port, says hello, and collects snapshots, appends and statuses. */
export async function openPortClient(page: Page): Promise<void> {
  await page.evaluate((version) => {
    const w = window as unknown as { __portClient: unknown; chrome: PageChrome };
    const prepending: Record<string, unknown[]> = {};
    const state = { arrivals: {} as Record<string, string[]>, welcome: null as unknown, records: {} as Record<string, unknown[]>, statuses: {} as Record<string, unknown>, results: {} as Record<string, unknown>, port: null as unknown };
    const port = w.chrome.runtime.connect({ name: 'conversation-devtools/panel' });
    port.onMessage.addListener((m: { type: string; key?: string; records?: unknown[]; status?: { key: string }; requestId?: string; epoch?: string; done?: boolean }) => {
      if (m.type === 'welcome') state.welcome = m;
      if (m.key && m.records && m.type !== 'recordsUpdated') for (const r of m.records as { eventId?: string }[]) if (r.eventId) (state.arrivals[m.key] ??= []).push(r.eventId);
      // Older records (history loaded newest-first) go before everything held, once all chunks are in.
      if (m.type === 'recordsPrepended' && m.key) {
        (prepending[m.key] ??= []).push(...(m.records ?? []));
        if (m.done) { state.records[m.key] = [...prepending[m.key]!, ...(state.records[m.key] ?? [])]; delete prepending[m.key]; }
      }
      if ((m.type === 'snapshot' || m.type === 'recordsAppended') && m.key) {
        (state.records[m.key] ??= []).push(...(m.records ?? []));
      }
      if (m.type === 'snapshot' && m.status) state.statuses[m.status.key] = m.status;
      if (m.type === 'status' && m.status) state.statuses[m.status.key] = m.status;
      if (m.type === 'result' && m.requestId) state.results[m.requestId] = m;
    });
    port.postMessage({ type: 'hello', protocolVersion: version, clientId: crypto.randomUUID(), subscriptions: [] });
    state.port = port;
    w.__portClient = state;
  }, PORT_PROTOCOL_VERSION);
}

/** Sends a command and waits for its result. */
export async function command<T = unknown>(page: Page, cmd: Record<string, unknown>): Promise<{ ok: boolean; value?: T; error?: string }> {
  return page.evaluate(async (c) => {
    const state = (window as unknown as { __portClient: { port: PagePort; results: Record<string, unknown> } }).__portClient;
    const requestId = crypto.randomUUID();
    state.port.postMessage({ type: 'command', requestId, command: c });
    for (let i = 0; i < 400; i += 1) {
      const r = state.results[requestId];
      if (r) return r as { ok: boolean; value?: T; error?: string };
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`no result for ${String((c as { name: string }).name)}`);
  }, cmd);
}

export async function attach(page: Page, target: ConnectionTarget, sessionApiKey?: string): Promise<string> {
  const r = await command<{ key: string } | string>(page, { name: 'attach', target, ...(sessionApiKey ? { sessionApiKey } : {}) });
  if (!r.ok) throw new Error(`attach failed: ${r.error}`);
  const value = r.value;
  return typeof value === 'string' ? value : (value as { key: string }).key;
}

export async function view(page: Page): Promise<PortClientView> {
  return page.evaluate(() => {
    const s = (window as unknown as { __portClient: PortClientView }).__portClient;
    return { welcome: s.welcome, records: s.records, statuses: s.statuses, arrivals: s.arrivals };
  });
}
