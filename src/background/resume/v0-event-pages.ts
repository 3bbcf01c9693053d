import type { RestClient } from '../rest';
import type { V0EventPage } from '../rest-schemas';
import { chainedPages, type EventPagesOptions } from './event-pages';

type Rest = Pick<RestClient, 'v0EventsNewestFirst'>;

/** The V0 event REST's largest page (§5.6). */
const V0_PAGE_EVENTS = 100;

/**
 * V0 events at or below `endId` (`end_id` is inclusive), newest first, page by page, until the
 * oldest or `maxPages` (`onLimit` hears it when more were left).
 */
export async function* v0PagesAtOrBelow(rest: Rest, conversationId: string, endId: number, options: EventPagesOptions): AsyncGenerator<V0EventPage> {
  if (endId < 0) return;
  const fetchPage = (end: number) => rest.v0EventsNewestFirst(conversationId, { endId: end, limit: V0_PAGE_EVENTS });
  let asked = endId;
  const following = (page: V0EventPage) => {
    // A server that ignores end_id would hand out the same page forever.
    if (page.ids.some((id) => id > asked)) throw new Error(`the server answered end_id=${asked} with newer events (ids up to ${Math.max(...page.ids)})`);
    const oldest = page.ids.at(-1);
    if (!page.hasMore || oldest === undefined || oldest <= 0) return undefined;
    const end = (asked = oldest - 1);
    return () => fetchPage(end);
  };
  yield* chainedPages(() => fetchPage(endId), following, options);
}
