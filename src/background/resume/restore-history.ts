import type { ConversationSink, ResumeCursor } from '../contracts';
import type { RestClient } from '../rest';
import type { DecodedFrame } from '../../shared/record';
import { eventPages, toFrame } from './event-pages';
import { MAX_PAGES, prependAll } from './tail-first';

/** Names the rebuild in the log's notes. */
const RESTORE_LABEL = 'service worker restarted: history before the saved cursor';

/**
 * A restarted SW has its cursor back but an empty log. Rather than asking the socket for a
 * full replay, the socket resumes from the cursor (the server sends only what is newer) and the
 * log is rebuilt from REST history up to the cursor behind it, placed before the live events.
 *
 * A timestamp cursor (v1-events) is rebuilt newest first, from the events strictly before it
 * (the socket's `since` replay is inclusive): the log's cap and the page limit then drop the
 * oldest, and an event stored out of timestamp order is still found. Read oldest first up to
 * the first event past the cursor, as before, the page limit dropped the newest events before
 * the cursor (a silent hole on conversations over 200k events), and one later event in log
 * order ended the read early.
 *
 * A seq cursor (v1-session) counts positions in the server's log order, so it is read oldest
 * first; where the page limit cuts it short, a note says so.
 */
export async function restoreHistoryOverRest(
  rest: Pick<RestClient, 'searchEvents'>,
  conversationId: string,
  cursor: ResumeCursor,
  sink: ConversationSink,
  stopped: () => boolean,
  now: () => number,
): Promise<void> {
  const started = now();
  if (cursor.afterSeq === undefined) {
    if (cursor.afterTimestamp === undefined) return;
    const pages = eventPages(rest, conversationId, { sortOrder: 'TIMESTAMP_DESC', timestampLt: cursor.afterTimestamp }, { maxPages: MAX_PAGES, ahead: true, stopped });
    await prependAll(sink, pages, toFrame, () => now() - started, stopped, RESTORE_LABEL);
    return;
  }
  const afterSeq = cursor.afterSeq;
  let position = 0;
  let cut = false;
  const frames: DecodedFrame[] = [];
  const pages = eventPages(rest, conversationId, {}, { maxPages: MAX_PAGES, ahead: true, stopped, onLimit: () => { cut = true; } });
  pages: for await (const page of pages) {
    // Detached: nobody holds this log any more; stop asking the server.
    if (stopped()) return;
    for (const item of page) {
      if (position > afterSeq) break pages;
      position += 1;
      if (!sink.hasEventId(item.event.id)) frames.push(toFrame(item));
    }
  }
  const restored = sink.prependHistory(frames).length;
  const missing = cut && position <= afterSeq ? `; stopped after ${MAX_PAGES} pages: events ${position}–${afterSeq} were not restored` : '';
  sink.appendMeta({ type: 'note', message: `${RESTORE_LABEL} loaded: ${restored} events over REST in ${now() - started} ms${missing}` }, 'history restored');
}
