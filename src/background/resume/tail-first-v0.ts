import type { ConversationSink } from '../contracts';
import type { RestClient } from '../rest';
import type { V0EventPage } from '../rest-schemas';
import { decodeFrame } from '../../shared/protocol/decode-frame';
import { MAX_PAGES, TAIL_EVENTS, note, prependAll, withRetries, type TailFirstStart } from './tail-first';
import { v0PagesAtOrBelow } from './v0-event-pages';

type Rest = Pick<RestClient, 'v0EventsNewestFirst'>;

const toFrame = (raw: string) => decodeFrame('v0-socketio', raw);

/**
 * V0 history newest-first, over the V0 event REST (§5.6). The socket replays everything after
 * `latest_event_id`, oldest first; instead the newest page comes over REST and the socket
 * starts after it. V0 ids count up from 0, so the newest id says how long the conversation
 * is. Older events are paged in below the newest page (`end_id`, inclusive) and prepended.
 * REST lists every stored event, also those the socket's replay skips (§5.3: null and
 * recall actions, all but the last agent-state change). Undefined (replay everything) for
 * conversations up to `threshold` events.
 */
export async function startTailFirstV0(
  rest: Rest, conversationId: string, sink: ConversationSink,
  options: { threshold: number; now: () => number; wait: (ms: number) => Promise<void>; stopped?: () => boolean },
): Promise<TailFirstStart | undefined> {
  const started = options.now();
  const page = await rest.v0EventsNewestFirst(conversationId, { limit: TAIL_EVENTS });
  const newest = page.ids[0];
  const oldestTail = page.ids.at(-1);
  if (newest === undefined || oldestTail === undefined || newest + 1 <= options.threshold || !page.hasMore) return undefined;
  for (const raw of [...page.raws].reverse()) sink.appendInbound(toFrame(raw), 'rest');
  note(sink, `about ${newest + 1} events stored: the newest ${page.ids.length} shown first over REST; the socket resumes after them and the older ones load over REST`);
  // The backfill runs for seconds; one failed page must not end it.
  const paging: Rest = { v0EventsNewestFirst: (id, query) => withRetries(() => rest.v0EventsNewestFirst(id, query), options.wait) };
  const olderPages = () => v0PagesAtOrBelow(paging, conversationId, oldestTail - 1, { maxPages: MAX_PAGES, ahead: true, ...(options.stopped ? { stopped: options.stopped } : {}) });
  return {
    cursor: { generation: 'v0-socketio', latestEventId: newest, recentIds: page.ids.slice(0, 64).map(String).reverse() },
    backfill: () => prependAll(sink, rawsOf(olderPages()), toFrame, () => options.now() - started, options.stopped ?? (() => false)),
  };
}

/** The raw texts of each page. */
async function* rawsOf(pages: AsyncGenerator<V0EventPage>): AsyncGenerator<string[]> {
  for await (const page of pages) yield page.raws;
}
