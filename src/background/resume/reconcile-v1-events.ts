import { decodeFrame } from '../../shared/protocol/decode-frame';
import type { ConversationSink } from '../contracts';
import type { RestClient } from '../rest';

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
  let pageId: string | undefined;
  let recovered = 0;
  let pages = 0;
  do {
    const page = await rest.searchEvents(conversationId, { ...(since ? { timestampGte: since } : {}), pageId });
    pages += 1;
    let pastWindow = false;
    for (const [i, event] of page.items.entries()) {
      if (upTo !== undefined && event.timestamp !== undefined && event.timestamp > upTo) {
        pastWindow = true;
        continue;
      }
      if (sink.hasEventId(event.id)) continue;
      if (sink.appendInbound(decodeFrame('v1-events', page.raws[i]!), 'rest')) recovered += 1;
    }
    pageId = pastWindow ? undefined : page.next_page_id ?? undefined;
  } while (pageId && pages < MAX_PAGES);
  if (pageId) sink.appendMeta({ type: 'note', message: `reconciliation stopped after ${MAX_PAGES} pages` }, 'reconciliation truncated');
  if (recovered > 0) {
    sink.countGap(recovered);
    sink.appendMeta({ type: 'note', message: `recovered ${recovered} event(s) over REST that the socket missed` }, 'REST reconciliation');
  }
  return { recovered, pages };
}
