import type { ConversationSink, ResumeCursor } from '../contracts';
import type { DecodedFrame } from '../../shared/record';
import type { RestClient } from '../rest';
import type { EventPageWithRaw } from '../rest-schemas';
import { eventPages, toFrame, withRaw, type RawEvent } from './event-pages';

/** The newest events shown before anything else: one REST page. */
export const TAIL_EVENTS = 100;
/**
 * Conversations with more stored events than this load newest-first (policy `tailFirstAbove`):
 * by default every one longer than the newest page. v1-events then decides from that page alone
 * (another page behind it or not); a count request, which the first view waited for (the
 * server answered it after the page: 14–15 ms to the newest events instead of 9–10 ms in the
 * history bench), is asked only when a policy sets the threshold above one page.
 */
export const DEFAULT_TAIL_FIRST_ABOVE = TAIL_EVENTS;
/** Older events are prepended in chunks this big, so the panel fills in steps, not per page. */
const PREPEND_CHUNK = 10_000;
/** The backfill asks for at most this many pages. */
export const MAX_PAGES = 5_000;

export interface TailFirstStart {
  /** Where the socket starts: at the newest events, not at the beginning. */
  cursor: ResumeCursor;
  /** v1-events: reconcile the first open from here (events stored late around the tail). */
  reconcileFrom?: string;
  /** Starts paging older history over REST and prepending it; settles when done (failures are noted). */
  backfill: () => Promise<void>;
}

type Rest = Pick<RestClient, 'countEvents' | 'searchEvents'>;

/**
 * History newest-first. A socket replays a conversation oldest-first, so the newest of 100k
 * events showed only after all of them (22 s measured). Instead v1-events asks the newest REST
 * page (and the count with it only for a threshold above one page), shows that page at once and
 * resumes the socket from it; v1-session asks the count alone and resumes `after_seq` just below the newest events (the
 * socket sends them; the page that bounds its backfill is read after the count). Older
 * events, all strictly older than that page, are paged in newest first over REST and placed
 * before them, chunk by chunk, until the log's cap. Returns undefined (replay everything, as
 * before) for conversations up to `threshold`.
 */
export async function startTailFirst(
  rest: Rest, conversationId: string, generation: 'v1-events' | 'v1-session', sink: ConversationSink,
  options: {
    threshold: number; now: () => number; wait: (ms: number) => Promise<void>;
    /** True once the connection is gone (detached): the backfill stops paging. */
    stopped?: () => boolean;
  },
): Promise<TailFirstStart | undefined> {
  const { now } = options;
  const started = now();
  // The backfill runs for seconds; one failed page (a keep-alive connection a reconnect took
  // with it) must not end it.
  const paging: Rest = { ...rest, searchEvents: (id, search) => withRetries(() => rest.searchEvents(id, search), options.wait) };
  const backfillBefore = (oldestTail: string) => () => prependAll(sink, eventPages(paging, conversationId, { sortOrder: 'TIMESTAMP_DESC', timestampLt: oldestTail }, { maxPages: MAX_PAGES, ahead: true, stopped: options.stopped }), toFrame, () => now() - started, options.stopped ?? (() => false));
  if (generation === 'v1-session') {
    // seq is the index in the on-disk log (§1.10): the socket sends seq > afterSeq, the newest.
    const stored = await rest.countEvents(conversationId);
    if (stored <= options.threshold) return undefined;
    const afterSeq = stored - TAIL_EVENTS - 1;
    note(sink, `${stored} events stored: the socket starts at the newest ${TAIL_EVENTS}; the older ones load over REST`);
    // The page that bounds the backfill is read after the count, never before: read together, an
    // event the agent appended between the two answers was neither in the backfill (older than
    // the page) nor sent by the socket (at or below afterSeq). A later page only overlaps more.
    const backfill = async () => {
      const oldestTail = withRaw(await paging.searchEvents(conversationId, { sortOrder: 'TIMESTAMP_DESC', limit: TAIL_EVENTS })).at(-1)?.event.timestamp;
      if (oldestTail !== undefined) await backfillBefore(oldestTail)();
    };
    return { cursor: { generation, afterSeq, recentIds: [] }, backfill };
  }
  // A threshold above one page needs the count; asked with the page (the page first: the
  // server answers them in turn, and the page is what the first view waits for).
  const newestPage = rest.searchEvents(conversationId, { sortOrder: 'TIMESTAMP_DESC', limit: TAIL_EVENTS });
  const counted = options.threshold > TAIL_EVENTS ? rest.countEvents(conversationId) : undefined;
  counted?.catch(() => undefined); // awaited below only if the page has more behind it
  const page = await newestPage;
  const more = typeof page.next_page_id === 'string';
  // One page and nothing behind it: its length is the count.
  const stored = more ? (counted === undefined ? undefined : await counted) : page.items.length;
  if (stored !== undefined && stored <= options.threshold) return undefined;
  const newest = decodedTail(page);
  const oldestTail = newest.at(-1)?.event.timestamp;
  const newestTail = newest[0]?.event.timestamp;
  if (oldestTail === undefined || newestTail === undefined) return undefined;
  const backfill = backfillBefore(oldestTail);
  for (let i = newest.length - 1; i >= 0; i -= 1) sink.appendInbound(newest[i]!.frame, 'rest');
  note(sink, `${stored ?? `more than ${newest.length}`} events stored: the newest ${newest.length} shown first; the socket resumes from them and the older ones load over REST`);
  return {
    cursor: { generation, afterTimestamp: newestTail, recentIds: newest.map((e) => e.event.id).slice(0, 64).reverse() },
    reconcileFrom: oldestTail,
    backfill,
  };
}

/** The newest page's events (newest first), each with its frame decoded. */
function decodedTail(page: EventPageWithRaw): (RawEvent & { frame: DecodedFrame })[] {
  return withRaw(page).map((event) => ({ ...event, frame: toFrame(event) }));
}

/** Waits before the second and third try of a failed page. */
export const PAGE_RETRY_DELAYS_MS = [250, 1_000];

export async function withRetries<T>(fetchOnce: () => Promise<T>, wait: (ms: number) => Promise<void>): Promise<T> {
  for (const delayMs of PAGE_RETRY_DELAYS_MS) {
    try {
      return await fetchOnce();
    } catch {
      await wait(delayMs);
    }
  }
  return fetchOnce();
}

export function note(sink: ConversationSink, message: string): void {
  sink.appendMeta({ type: 'note', message }, 'history newest-first');
}

/** Prepends pages (each newest first) in chunks, each chunk before the previous one; `label` names it in the notes. */
export async function prependAll<T>(
  sink: ConversationSink, pages: AsyncGenerator<T[]>, toFrame: (item: T) => DecodedFrame, elapsedMs: () => number, stopped: () => boolean,
  label = 'older history',
): Promise<void> {
  let chunk: T[] = [];
  let kept = 0;
  let full = false;
  /** Prepends the chunk; false when the log's cap dropped some of it (older ones would go too). */
  const flush = (): boolean => {
    const keptNow = sink.prependHistory(chunk.reverse().map(toFrame)).length;
    kept += keptNow;
    full = keptNow < chunk.length;
    chunk = [];
    return !full;
  };
  try {
    for await (const page of pages) {
      // Detached: nobody holds this log any more; stop asking the server.
      if (stopped()) return;
      chunk.push(...page);
      if (chunk.length >= PREPEND_CHUNK && !flush()) break;
    }
    if (!full) flush();
    const message = full
      ? `${label}: the log is full after ${kept} events over REST; older events were not loaded (${elapsedMs()} ms)`
      : `${label} loaded: ${kept} events over REST in ${elapsedMs()} ms`;
    sink.appendMeta({ type: 'note', message }, 'history loaded');
  } catch (err) {
    if (chunk.length > 0) flush();
    sink.appendMeta({ type: 'error', origin: 'rest', message: `${label} stopped after ${kept} events: ${String(err)}` }, 'history backfill failed');
  }
}
