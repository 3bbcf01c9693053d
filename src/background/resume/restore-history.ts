import type { ConversationSink, ResumeCursor } from '../contracts';
import type { RestClient } from '../rest';
import type { RestEvent } from '../rest-schemas';
import { eventPages, toFrame } from './event-pages';

const MAX_PAGES = 2000;

/**
 * A restarted SW has its cursor back but an empty log. Rather than asking the socket for a
 * full replay, rebuild the log from REST history up to the cursor (log order), then let the
 * socket resume from the cursor itself: the server sends only what is newer.
 */
export async function restoreHistoryOverRest(
  rest: Pick<RestClient, 'searchEvents'>,
  conversationId: string,
  cursor: ResumeCursor,
  sink: ConversationSink,
): Promise<number> {
  const upTo = (event: RestEvent, position: number): boolean => {
    if (cursor.afterSeq !== undefined) return position <= cursor.afterSeq;
    if (cursor.afterTimestamp !== undefined) return event.timestamp !== undefined && event.timestamp <= cursor.afterTimestamp;
    return false;
  };
  let position = 0;
  let restored = 0;
  for await (const page of eventPages(rest, conversationId, {}, { maxPages: MAX_PAGES })) {
    for (const item of page) {
      if (!upTo(item.event, position)) return finish();
      position += 1;
      if (sink.hasEventId(item.event.id)) continue;
      if (sink.appendInbound(toFrame(item), 'rest')) restored += 1;
    }
  }
  return finish();

  function finish(): number {
    sink.appendMeta({ type: 'note', message: `service worker restarted: ${restored} earlier event(s) restored over REST; the socket resumes from the saved cursor` }, 'history restored');
    return restored;
  }
}
