import { decodeFrame } from '../../shared/protocol/decode-frame';
import type { WebSocketLike } from '../contracts';
import { withRecentId, type Encoded, type GenerationAdapter, type OpenRequest } from './adapter';

/** The slice of a socket.io-client Socket this adapter uses. */
export interface SocketIoLike {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  disconnect(): unknown;
}
export interface SocketIoOptions {
  path: string;
  query: Record<string, string>;
  transports: ['websocket'];
  reconnection: false;
  forceNew: true;
}
export type SocketIoFactory = (origin: string, options: SocketIoOptions) => SocketIoLike;

function socketIoOptions(req: OpenRequest): { origin: string; options: SocketIoOptions } {
  const base = new URL(req.serverUrl);
  const query: Record<string, string> = {
    conversation_id: req.conversationId,
    latest_event_id: String(req.cursor?.latestEventId ?? -1),
  };
  // V0 has no first-message auth: the key can only travel in the handshake query. Without one,
  // `null` as the real client sends: a keyed server that gets no parameter at all fails in its
  // handler and never answers (§5.2), where `null` gets a clean refusal.
  query.session_api_key = req.keyInUrl ?? 'null';
  const prefix = base.pathname.replace(/\/+$/, '');
  return { origin: base.origin, options: { path: `${prefix}/socket.io`, query, transports: ['websocket'], reconnection: false, forceNew: true } };
}

/**
 * The V1 close code that means the same as a V0 server's refusal (§5.2, §5.3), so the state
 * machine fails on it as on 4001/4004 instead of retrying a refusal for ever; 1006 (retry) for
 * transport errors and anything else.
 */
function closeCodeOfRefusal(message: string): number {
  if (message === 'invalid_session_api_key') return 4001;
  if (message.startsWith('No conversation_id') || message.startsWith('Failed to access conversation events')) return 4004;
  return 1006;
}

/** Presents a socket.io client as the WebSocket-like shape the state machine drives. */
function socketIoAsWebSocket(io: SocketIoLike): WebSocketLike {
  let readyState = 0;
  const shim: WebSocketLike = {
    get readyState() {
      return readyState;
    },
    binaryType: 'arraybuffer',
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
    send(data: string) {
      const parsed = JSON.parse(data) as { event: string; value: unknown };
      io.emit(parsed.event, parsed.value);
    },
    close(code = 1000, reason = 'client close') {
      if (readyState >= 2) return;
      readyState = 3;
      io.disconnect();
      shim.onclose?.({ code, reason, wasClean: true });
    },
  };
  io.on('connect', () => {
    readyState = 1;
    shim.onopen?.({});
  });
  io.on('oh_event', (payload: unknown) => shim.onmessage?.({ data: ohEventData(payload) }));
  io.on('connect_error', (err: unknown) => {
    shim.onerror?.(err);
    if (readyState >= 2) return;
    readyState = 3;
    const reason = err instanceof Error ? err.message : 'connect_error';
    shim.onclose?.({ code: closeCodeOfRefusal(reason), reason });
  });
  io.on('disconnect', (reason: unknown) => {
    if (readyState >= 2) return;
    readyState = 3;
    shim.onclose?.({ code: 1006, reason: String(reason) });
  });
  return shim;
}

/**
 * The frame text, or bytes for a binary oh_event (Socket.IO's binary attachment arrives as an
 * ArrayBuffer, or a Buffer/typed array in Node): JSON.stringify recorded those as `{}`, so a
 * binary event showed as an empty object. Bytes make the decoder record a binary frame.
 */
function ohEventData(payload: unknown): string | ArrayBuffer | Uint8Array {
  if (payload instanceof ArrayBuffer) return payload;
  if (ArrayBuffer.isView(payload)) return new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
  return JSON.stringify(payload);
}

function encodeV0(frame: Parameters<GenerationAdapter['encode']>[0]): Encoded {
  if (frame.as !== 'v0-action') return { ok: false, error: 'V0 sockets take oh_user_action / oh_action only' };
  const recorded = JSON.stringify(frame.value);
  return { ok: true, wire: JSON.stringify({ event: frame.event, value: frame.value }), recorded };
}

/** Socket.IO `/socket.io` (V0): resume by latest_event_id; retries are ours, not the library's. */
export function createV0SocketIoAdapter(createSocketIo: SocketIoFactory): GenerationAdapter {
  return {
    generation: 'v0-socketio',
    firstMessageAuth: false,
    buildUrl(req) {
      const { origin, options } = socketIoOptions(req);
      const url = new URL(origin + options.path + '/');
      for (const [k, v] of Object.entries(options.query)) url.searchParams.set(k, v);
      return url.toString();
    },
    open(req) {
      const { origin, options } = socketIoOptions(req);
      return socketIoAsWebSocket(createSocketIo(origin, options));
    },
    decode: (data) => decodeFrame('v0-socketio', data),
    encode: encodeV0,
    advance(cursor, frame) {
      const id = frame.serverSeq;
      if (id === undefined || id <= (cursor?.latestEventId ?? -1)) return cursor;
      return { generation: 'v0-socketio', latestEventId: id, recentIds: withRecentId(cursor?.recentIds ?? [], frame.eventId) };
    },
    gapBefore: () => 0,
    historyComplete: () => false,
  };
}
