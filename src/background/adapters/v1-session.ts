import { decodeFrame } from '../../shared/protocol/decode-frame';
import type { WebSocketFactory } from '../contracts';
import { encodeV1, socketUrl, withRecentId, type GenerationAdapter, type OpenRequest } from './adapter';
import { ContiguousWatermark } from './contiguous';

export interface V1SessionOptions {
  createWebSocket: WebSocketFactory;
}

/** `/sockets/session/{id}` (v1.45.0+): after_seq = highest contiguous durable seq (ContiguousWatermark); -1 = all. */
export function createV1SessionAdapter(options: V1SessionOptions): GenerationAdapter {
  let throughSeq: number | null | undefined;
  const watermark = new ContiguousWatermark();
  const buildUrl = (req: OpenRequest): string => {
    const url = socketUrl(req.serverUrl, `/sockets/session/${encodeURIComponent(req.conversationId)}`);
    url.searchParams.set('after_seq', String(req.cursor?.afterSeq ?? -1));
    if (req.keyInUrl) url.searchParams.set('session_api_key', req.keyInUrl);
    return url.toString();
  };
  return {
    generation: 'v1-session',
    firstMessageAuth: true,
    buildUrl,
    open: (req) => {
      throughSeq = undefined;
      return options.createWebSocket(buildUrl(req));
    },
    decode: (data) => decodeFrame('v1-session', data),
    encode: encodeV1,
    advance(cursor, frame) {
      if (frame.sync) {
        throughSeq = frame.sync.throughSeq;
        watermark.replayBegins();
        // The server's log ends below our cursor: its persistence was replaced or rebuilt. Kept,
        // the cursor stayed above every new event, which never moved it, and the next resume
        // skipped them all without a gap. It restarts from the server's end instead.
        const end = frame.sync.throughSeq ?? -1;
        if (cursor !== undefined && end < (cursor.afterSeq ?? -1)) {
          watermark.restartBelow();
          return { generation: 'v1-session', afterSeq: end, recentIds: [] };
        }
      }
      if (frame.serverSeq === undefined || !watermark.advancesTo(cursor?.afterSeq, frame.serverSeq)) return cursor;
      return {
        generation: 'v1-session',
        afterSeq: frame.serverSeq,
        recentIds: withRecentId(cursor?.recentIds ?? [], frame.eventId),
      };
    },
    gapBefore: (cursor, frame) => watermark.gapBefore(cursor?.afterSeq, frame.serverSeq),
    historyComplete(frame, cursor) {
      if (frame.sync) return frame.sync.throughSeq === null || frame.sync.throughSeq <= (cursor?.afterSeq ?? -1);
      return throughSeq !== undefined && throughSeq !== null && frame.serverSeq === throughSeq;
    },
  };
}
