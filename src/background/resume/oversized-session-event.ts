import type { ConversationSink, ResumeCursor } from '../contracts';
import type { RestClient } from '../rest';
import { eventPages, toFrame } from './event-pages';

const MAX_PAGES = 1000;

/**
 * A repeated `1013 frame_too_large` at one cursor means event seq N+1 cannot pass the session
 * socket. Seq is the position in the event log, so REST search (log order) finds it by position;
 * we append it from REST and move the cursor past it.
 */
export async function fetchOversizedSessionEvent(
  rest: Pick<RestClient, 'searchEvents'>,
  conversationId: string,
  cursor: ResumeCursor,
  sink: ConversationSink,
): Promise<ResumeCursor | undefined> {
  const position = (cursor.afterSeq ?? -1) + 1;
  let skipped = 0;
  for await (const page of eventPages(rest, conversationId, {}, { maxPages: MAX_PAGES })) {
    const item = page[position - skipped];
    if (item) {
      sink.appendInbound({ ...toFrame(item), serverSeq: position }, 'rest');
      sink.appendMeta({ type: 'note', message: `event seq ${position} is too large for the session socket: fetched over REST` }, 'oversized event via REST');
      return { generation: 'v1-session', afterSeq: position, recentIds: [...cursor.recentIds, item.event.id].slice(-64) };
    }
    skipped += page.length;
  }
  sink.appendMeta({ type: 'error', origin: 'rest', message: `oversized event seq ${position} not found over REST` }, 'oversized event lost');
  return undefined;
}
