import type { DecodedFrame } from '../../shared/record';
import type { Generation } from '../../shared/protocol/generation';
import type { OutgoingFrame } from '../../shared/port/messages';
import type { ResumeCursor, WebSocketLike } from '../contracts';

export interface OpenRequest {
  serverUrl: string;
  conversationId: string;
  cursor: ResumeCursor | undefined;
  /** Only set when the server needs the legacy query-parameter key. */
  keyInUrl?: string;
}

/** An encoded client frame ready for the wire, plus what to record. */
export type Encoded = { ok: true; wire: string; recorded: string } | { ok: false; error: string };

/** One server generation behind one interface: how to open, decode, encode and resume. */
export interface GenerationAdapter {
  readonly generation: Generation;
  /** The URL opened, with the cursor; never contains the key unless `keyInUrl` is set. */
  buildUrl(req: OpenRequest): string;
  /** Opens the transport (V0 wraps socket.io behind the same WebSocket-like shape). */
  open(req: OpenRequest): WebSocketLike;
  /** Whether this generation authenticates with a first message (V0 uses the query). */
  readonly firstMessageAuth: boolean;
  decode(data: string | ArrayBuffer | Uint8Array): DecodedFrame;
  encode(frame: OutgoingFrame): Encoded;
  /** The cursor after receiving `frame` (returns the same cursor when it does not move). */
  advance(cursor: ResumeCursor | undefined, frame: DecodedFrame): ResumeCursor | undefined;
  /** Events skipped by a cursor jump (session seq), 0 otherwise. */
  gapBefore(cursor: ResumeCursor | undefined, frame: DecodedFrame): number;
  /** True once the replayed history is complete. */
  historyComplete(frame: DecodedFrame, cursor: ResumeCursor | undefined): boolean;
}

export const RECENT_IDS_KEPT = 64;

export function withRecentId(ids: string[], id: string | undefined): string[] {
  if (!id) return ids;
  const next = ids.length >= RECENT_IDS_KEPT ? ids.slice(ids.length - RECENT_IDS_KEPT + 1) : ids.slice();
  next.push(id);
  return next;
}

/** http(s)://host/prefix → ws(s)://host/prefix + path. */
export function socketUrl(serverUrl: string, path: string): URL {
  const url = new URL(serverUrl.replace(/\/+$/, '') + path);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url;
}

/** V1 client frames: a JSON value or raw text, sent as-is. */
export function encodeV1(frame: OutgoingFrame): Encoded {
  if (frame.as === 'text') return { ok: true, wire: frame.text, recorded: frame.text };
  if (frame.as === 'json') {
    const wire = JSON.stringify(frame.value);
    return { ok: true, wire, recorded: wire };
  }
  return { ok: false, error: 'V0 actions cannot be sent on a V1 socket' };
}
