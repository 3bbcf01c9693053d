import type { ConversationSink, ResumeCursor } from '../contracts';
import type { RestClient } from '../rest';
import type { RestEvent } from '../rest-schemas';
import type { DecodedFrame } from '../../shared/record';
import { eventPages, toFrame } from './event-pages';

const MAX_PAGES = 2000;

/**
 * A restarted SW has its cursor back but an empty log. Rather than asking the socket for a
 * full replay, the socket resumes from the cursor (the server sends only what is newer) and the
 * log is rebuilt from REST history up to the cursor behind it. The pages come oldest first and
 * the live events are already in the log, so the rebuilt events are gathered (as frames, not
 * parsed events) and placed before everything in one step.
 */
export async function restoreHistoryOverRest(
  rest: Pick<RestClient, 'searchEvents'>,
  conversationId: string,
  cursor: ResumeCursor,
  sink: ConversationSink,
  stopped: () => boolean = () => false,
): Promise<number> {
  const upTo = (event: RestEvent, position: number): boolean => {
    if (cursor.afterSeq !== undefined) return position <= cursor.afterSeq;
    if (cursor.afterTimestamp !== undefined) return event.timestamp !== undefined && event.timestamp <= cursor.afterTimestamp;
    return false;
  };
  let position = 0;
  const frames: DecodedFrame[] = [];
  pages: for await (const page of eventPages(rest, conversationId, {}, { maxPages: MAX_PAGES, ahead: true })) {
    // Detached: nobody holds this log any more; stop asking the server.
    if (stopped()) return 0;
    for (const item of page) {
      if (!upTo(item.event, position)) break pages;
      position += 1;
      if (!sink.hasEventId(item.event.id)) frames.push(toFrame(item));
    }
  }
  const restored = sink.prependHistory(frames).length;
  sink.appendMeta({ type: 'note', message: `service worker restarted: ${restored} earlier event(s) restored over REST, behind the socket that resumed from the saved cursor` }, 'history restored');
  return restored;
}
