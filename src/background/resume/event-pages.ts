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
  /**
   * True once the reader is about to go (detached): no page is asked ahead any more; the page
   * in hand is still handed on, for the reader to see that it stopped. Without it, a page that
   * arrived after the detach asked for the next one before the reader could notice, and that
   * request went out with the next attach's first ones.
   */
  stopped?: () => boolean;
}

/**
 * Pages one after another: `following` says how to fetch the page after this one (undefined:
 * this was the last). Every paging reader of the history (restore, reconciliation, the
 * oversized-event fetch, the newest-first backfills, the V0 join gap) goes through here; a
 * reader that stops early just leaves the loop.
 */
export async function* chainedPages<P>(first: () => Promise<P>, following: (page: P) => (() => Promise<P>) | undefined, options: EventPagesOptions): AsyncGenerator<P> {
  const stopped = options.stopped ?? (() => false);
  let next: Promise<P> | undefined = first();
  try {
    for (let pages = 1; next !== undefined; pages++) {
      const page: P = await next;
      next = undefined;
      const fetchNext = following(page);
      const atLimit = pages >= options.maxPages;
      if (fetchNext !== undefined && !atLimit && options.ahead && !stopped()) next = fetchNext();
      yield page;
      if (fetchNext === undefined) return;
      if (atLimit) {
        options.onLimit?.();
        return;
      }
      next ??= fetchNext();
    }
  } finally {
    // Left early (a reader found what it wanted, the log is full) with a request in flight.
    next?.catch(() => undefined);
  }
}

/** The events of a search, page by page (`page_id` chained, §3.1). */
export async function* eventPages(
  rest: Pick<RestClient, 'searchEvents'>, conversationId: string, search: EventSearch, options: EventPagesOptions,
): AsyncGenerator<RawEvent[]> {
  const fetchPage = (pageId?: string) => rest.searchEvents(conversationId, { ...search, ...(pageId !== undefined ? { pageId } : {}) });
  const following = (page: EventPageWithRaw) => {
    const nextId = page.next_page_id ?? undefined;
    return nextId === undefined ? undefined : () => fetchPage(nextId);
  };
  for await (const page of chainedPages(fetchPage, following, options)) yield withRaw(page);
}
