import type { ConversationSink } from '../contracts';
import type { RestClient } from '../rest';
import { eventPages, toFrame } from './event-pages';

export interface ReconcileResult {
  recovered: number;
  pages: number;
}

const MAX_PAGES = 2000;

/**
 * The events socket publishes before it stores, and can deliver out of order, so after every
 * (re)connect we page REST from `from` (a timestamp, or 'everything') and append whatever the
 * log lacks. Nothing to reconcile when `from` has no timestamp.
 */
export async function reconcileV1Events(
  rest: Pick<RestClient, 'searchEvents'>,
  conversationId: string,
  from: { afterTimestamp?: string } | 'everything' | undefined,
  sink: ConversationSink,
  /** Newer events are the socket's replay to deliver (resend_mode=since): leave them to it. */
  upTo?: string,
): Promise<ReconcileResult> {
  const since = from === 'everything' ? undefined : from?.afterTimestamp;
  if (from !== 'everything' && !since) return { recovered: 0, pages: 0 };
  let recovered = 0;
  let pages = 0;
  const search = since ? { timestampGte: since } : {};
  const onLimit = () => { sink.appendMeta({ type: 'note', message: `reconciliation stopped after ${MAX_PAGES} pages` }, 'reconciliation truncated'); };
  for await (const page of eventPages(rest, conversationId, search, { maxPages: MAX_PAGES, onLimit })) {
    pages += 1;
    let pastWindow = false;
    for (const item of page) {
      if (upTo !== undefined && item.event.timestamp !== undefined && item.event.timestamp > upTo) {
        pastWindow = true;
        continue;
      }
      if (sink.hasEventId(item.event.id)) continue;
      if (sink.appendInbound(toFrame(item), 'rest')) recovered += 1;
    }
    if (pastWindow) break;
  }
  if (recovered > 0) {
    sink.countGap(recovered);
    sink.appendMeta({ type: 'note', message: `recovered ${recovered} event(s) over REST that the socket missed` }, 'REST reconciliation');
  }
  return { recovered, pages };
}
