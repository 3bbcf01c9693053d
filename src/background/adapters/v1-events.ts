import { decodeFrame } from '../../shared/protocol/decode-frame';
import type { WebSocketFactory } from '../contracts';
import { encodeV1, socketUrl, withRecentId, type GenerationAdapter, type OpenRequest } from './adapter';

export interface V1EventsOptions {
  createWebSocket: WebSocketFactory;
  /** Servers older than 2026-03-20 only know `resend_all=true` (then we dedupe by id). */
  legacyResendAll?: boolean;
  /** Servers older than 2026-04-23 only take the key in the query. */
  firstMessageAuth?: boolean;
}

/** `/sockets/events/{id}`: resend_mode=since from the newest timestamp received, else all. */
export function createV1EventsAdapter(options: V1EventsOptions): GenerationAdapter {
  const buildUrl = (req: OpenRequest): string => {
    const url = socketUrl(req.serverUrl, `/sockets/events/${encodeURIComponent(req.conversationId)}`);
    const after = req.cursor?.afterTimestamp;
    if (options.legacyResendAll) url.searchParams.set('resend_all', 'true');
    else if (after) {
      url.searchParams.set('resend_mode', 'since');
      url.searchParams.set('after_timestamp', after);
    } else url.searchParams.set('resend_mode', 'all');
    if (req.keyInUrl) url.searchParams.set('session_api_key', req.keyInUrl);
    return url.toString();
  };
  return {
    generation: 'v1-events',
    firstMessageAuth: options.firstMessageAuth ?? true,
    buildUrl,
    open: (req) => options.createWebSocket(buildUrl(req)),
    decode: (data) => decodeFrame('v1-events', data),
    encode: encodeV1,
    advance(cursor, frame) {
      if (!frame.timestamp || !frame.eventId) return cursor;
      const current = cursor?.afterTimestamp;
      const newest = current && current > frame.timestamp ? current : frame.timestamp;
      return {
        generation: 'v1-events',
        afterTimestamp: newest,
        recentIds: withRecentId(cursor?.recentIds ?? [], frame.eventId),
      };
    },
    gapBefore: () => 0,
    historyComplete: () => false,
  };
}
