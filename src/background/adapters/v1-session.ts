import { decodeFrame } from '../../shared/protocol/decode-frame';
import type { WebSocketFactory } from '../contracts';
import { encodeV1, socketUrl, withRecentId, type GenerationAdapter, type OpenRequest } from './adapter';

export interface V1SessionOptions {
  createWebSocket: WebSocketFactory;
}

/**
 * `/sockets/session/{id}` (v1.45.0+): after_seq = highest *contiguous* durable seq; -1 = all.
 * A durable frame past a hole does not move the cursor, so the next resume replays the hole
 * (the later frames come again and are deduped). Only the first frame of a replay may jump:
 * then the server no longer has the missing events, and waiting for them would never end.
 */
export function createV1SessionAdapter(options: V1SessionOptions): GenerationAdapter {
  let throughSeq: number | null | undefined;
  let highestSeen: number | undefined;
  let replayStarting = false;
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
        replayStarting = true;
      }
      if (frame.serverSeq === undefined) return cursor;
      const jumpAllowed = replayStarting;
      replayStarting = false;
      highestSeen = Math.max(highestSeen ?? -1, frame.serverSeq);
      const current = cursor?.afterSeq ?? -1;
      if (frame.serverSeq <= current) return cursor;
      if (frame.serverSeq > current + 1 && !jumpAllowed) return cursor;
      return {
        generation: 'v1-session',
        afterSeq: frame.serverSeq,
        recentIds: withRecentId(cursor?.recentIds ?? [], frame.eventId),
      };
    },
    gapBefore(cursor, frame) {
      const known = Math.max(highestSeen ?? -1, cursor?.afterSeq ?? -1);
      if (frame.serverSeq === undefined || known < 0) return 0;
      return Math.max(0, frame.serverSeq - known - 1);
    },
    historyComplete(frame, cursor) {
      if (frame.sync) return frame.sync.throughSeq === null || frame.sync.throughSeq <= (cursor?.afterSeq ?? -1);
      return throughSeq !== undefined && throughSeq !== null && frame.serverSeq === throughSeq;
    },
  };
}
