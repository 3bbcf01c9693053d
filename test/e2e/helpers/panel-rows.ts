/** What the panel shows versus what the mock server stored, for the real-browser panel tests. */
import type { Page } from 'playwright-core';
import type { MockServer } from '../../../src/server/index';

/** Event ids of the rendered rows, in order (the list is virtualized: tests use tall viewports or few rows). */
export const rowIds = (page: Page): Promise<string[]> =>
  page.$$eval('[data-event-id]', (rows) => rows.map((r) => r.getAttribute('data-event-id') ?? ''));

/** Every event id the server persisted for a conversation, in log order. */
export const storedIds = (server: MockServer, conversationId: string): string[] =>
  server.store.get(conversationId)!.events.map((e) => String(e.id));
