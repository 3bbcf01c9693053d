import { decodeFrame } from '../../shared/protocol/decode-frame';
import type { DecodedFrame } from '../../shared/record';
import type { EventSearch, RestClient } from '../rest';
import type { EventPageWithRaw, RestEvent } from '../rest-schemas';

/** A REST event with its text exactly as the server sent it. */
export interface RawEvent {
  event: RestEvent;
  raw: string;
}

/**
 * The event as a frame of the log, from the server's own text. Stamped v1-events: a
 * session-socket log holds it too, and its own protocol would have it read back as an envelope.
 */
export const toFrame = ({ raw }: RawEvent): DecodedFrame => {
  const frame = decodeFrame('v1-events', raw);
  frame.protocol = 'v1-events';
  return frame;
};

export const withRaw = (page: EventPageWithRaw): RawEvent[] => page.items.map((event, i) => ({ event, raw: page.raws[i]! }));

export interface EventPagesOptions {
  /** Stop after this many pages; `onLimit` hears it when more were left. */
  maxPages: number;
  onLimit?: () => void;
  /** Ask for the next page before this one is handed on, so its round trip overlaps the caller's work. */
  ahead?: boolean;
}

/**
 * The events of a search, page by page (`page_id` chained, §3.1). Every paging reader of the
 * history (restore, reconciliation, the oversized-event fetch, the newest-first backfill) goes
 * through here; a reader that stops early just leaves the loop.
 */
export async function* eventPages(
  rest: Pick<RestClient, 'searchEvents'>, conversationId: string, search: EventSearch, options: EventPagesOptions,
): AsyncGenerator<RawEvent[]> {
  const fetchPage = (pageId?: string) => rest.searchEvents(conversationId, { ...search, ...(pageId !== undefined ? { pageId } : {}) });
  let next: Promise<EventPageWithRaw> | undefined = fetchPage();
  try {
    for (let pages = 1; next !== undefined; pages++) {
      const page: EventPageWithRaw = await next;
      next = undefined;
      const nextId = page.next_page_id ?? undefined;
      const atLimit = pages >= options.maxPages;
      if (nextId !== undefined && !atLimit && options.ahead) next = fetchPage(nextId);
      yield withRaw(page);
      if (nextId === undefined) return;
      if (atLimit) {
        options.onLimit?.();
        return;
      }
      next ??= fetchPage(nextId);
    }
  } finally {
    // Left early (a reader found what it wanted, the log is full) with a request in flight.
    next?.catch(() => undefined);
  }
}
