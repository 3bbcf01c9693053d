/** Calls into the bench pages' hooks (`window.__pipe`, `window.__bare`) from Node. */
import type { Page } from 'playwright-core';
import { waitFor } from '../test/e2e/helpers/browser';
import type { MockServer } from '../src/server/index';
import type { ConnectionTarget } from '../src/shared/connection';

type Hook = '__pipe' | '__bare';

export function call<T>(page: Page, hook: Hook, method: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(([h, m, a]) => {
    const api = (window as unknown as Record<string, Record<string, (...x: unknown[]) => unknown>>)[h as string]!;
    return api[m as string]!(...(a as unknown[]));
  }, [hook, method, args] as const) as Promise<T>;
}

export const eventsSocketUrl = (server: MockServer, conversationId: string, query = 'resend_mode=all'): string =>
  `${server.url.replace(/^http/, 'ws')}/sockets/events/${conversationId}?${query}`;

export const v1Target = (server: MockServer, conversationId: string, protocol: ConnectionTarget['protocol'] = 'v1-events'): ConnectionTarget =>
  ({ serverUrl: server.url, conversationId, protocol });

/** Waits until the page's hook has seen `eventId` (arrivals are stamped in order per socket). */
export function waitArrived(page: Page, hook: Hook, eventId: string, what: string, timeoutMs: number): Promise<unknown> {
  return waitFor(() => call<boolean>(page, hook, 'has', eventId), what, timeoutMs);
}

/** Arrival times (page clock = Node clock) for the ids, null where missing. */
export async function arrivalTimes(page: Page, hook: Hook, ids: string[], which: 'timesOf' | 'swTimesOf' = 'timesOf'): Promise<(number | null)[]> {
  const out: (number | null)[] = [];
  for (let i = 0; i < ids.length; i += 20_000) out.push(...await call<(number | null)[]>(page, hook, which, ids.slice(i, i + 20_000)));
  return out;
}
