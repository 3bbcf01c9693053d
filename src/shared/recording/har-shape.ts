/**
 * Chrome's HAR WebSocket shape (DevTools 76+): an entry with `_resourceType: "websocket"` and
 * `_webSocketMessages: [{type: "send"|"receive", time: <epoch seconds>, opcode: 1|2, data}]`
 * (opcode 2: data is base64). Chrome, HTTP Toolkit and other HAR tools read it. Our own extras
 * are underscore fields those tools ignore, so our HAR imports back without loss.
 */
import { z } from 'zod';
import { GenerationSchema, type Generation } from '../protocol/generation';
import { DATE_MS_LIMIT, EpochMsSchema, ListedFactsSchema, MetaInfoSchema, OutgoingInfoSchema, RecordingHeaderSchema, StreamInfoSchema } from './format';

/** Per-message extras that only we read. */
export const MessageExtrasSchema = z.object({
  seq: z.number().int(),
  /** Absent: the entry's (its URL's) protocol. */
  protocol: GenerationSchema.optional(),
  outgoing: OutgoingInfoSchema.optional(),
  streamItem: StreamInfoSchema.optional(),
  rawTruncated: z.boolean().optional(),
  listed: ListedFactsSchema.optional(),
});

export const HarMessageSchema = z.object({
  type: z.string(),
  /** Epoch seconds, within a Date's range (see EpochMsSchema). */
  time: z.number().min(-DATE_MS_LIMIT / 1000, 'before any date').max(DATE_MS_LIMIT / 1000, 'after any date'),
  opcode: z.number(),
  data: z.string(),
  _conversationDevtools: MessageExtrasSchema.optional(),
});
export type HarMessage = z.infer<typeof HarMessageSchema>;

export const HarMetaSchema = z.object({ seq: z.number().int(), receivedAt: EpochMsSchema, summary: z.string(), meta: MetaInfoSchema.optional() });

export const HarEntrySchema = z.object({
  startedDateTime: z.string().optional(),
  request: z.object({ url: z.string() }),
  response: z.object({ status: z.number() }).optional(),
  _resourceType: z.string().optional(),
  _webSocketMessages: z.array(z.unknown()).optional(),
  _conversationDevtoolsMeta: z.array(z.unknown()).optional(),
});

export const HarLogSchema = z.object({
  log: z.object({
    version: z.string().optional(),
    creator: z.object({ name: z.string(), version: z.string() }).optional(),
    entries: z.array(z.unknown()),
    _conversationDevtools: RecordingHeaderSchema.optional(),
  }),
});

/** Socket URL a client of `protocol` would open (never with a key in it). */
export function socketUrl(server: string, protocol: Generation, conversationId: string): string {
  // Path only: a query on the server URL (never expected, maybe redacted) must not break the path.
  const base = server.replace(/[?#].*$/, '').replace(/^http/, 'ws').replace(/\/+$/, '');
  const id = encodeURIComponent(conversationId);
  if (protocol === 'v1-session') return `${base}/sockets/session/${id}?after_seq=-1`;
  if (protocol === 'v1-events') return `${base}/sockets/events/${id}?resend_mode=all`;
  return `${base}/socket.io/?conversation_id=${id}&latest_event_id=-1&EIO=4&transport=websocket`;
}

/** What an OpenHands socket URL says: generation, conversation, server base. */
export function parseSocketUrl(url: string): { protocol: Generation; conversationId: string; server: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const origin = `${parsed.protocol.replace(/^ws/, 'http')}//${parsed.host}`;
  const v1 = /^(.*)\/sockets\/(events|session)\/([^/?#]+)$/.exec(parsed.pathname);
  if (v1) {
    return { protocol: v1[2] === 'session' ? 'v1-session' : 'v1-events', conversationId: decodeURIComponent(v1[3] ?? ''), server: `${origin}${v1[1] ?? ''}` };
  }
  const v0 = /^(.*)\/socket\.io\/?$/.exec(parsed.pathname);
  const conversationId = parsed.searchParams.get('conversation_id');
  if (v0 && conversationId) return { protocol: 'v0-socketio', conversationId, server: `${origin}${v0[1] ?? ''}` };
  return undefined;
}

/**
 * Socket.IO v4 over Engine.IO: `42["oh_event",{...}]` (optional namespace and ack id).
 * `payloadText` is the payload as written in the packet (one argument only): the server's
 * bytes, which re-serialising would change (`0.0`, spacing, `\u00e9` escapes).
 */
export function parseSocketIoEvent(data: string): { event: string; payload: unknown; payloadText?: string } | undefined {
  const match = /^42(?:\/[^,]*,)?\d*(\[.*)$/s.exec(data);
  if (!match) return undefined;
  try {
    const array = match[1] ?? '';
    const value: unknown = JSON.parse(array);
    if (!Array.isArray(value) || typeof value[0] !== 'string') return undefined;
    const payloadText = value.length === 2 ? secondElementText(array) : undefined;
    return { event: value[0], payload: value[1], ...(payloadText !== undefined ? { payloadText } : {}) };
  } catch {
    return undefined;
  }
}

/** The text of the second element of a valid two-element JSON array whose first is a string. */
function secondElementText(array: string): string | undefined {
  const open = array.indexOf('"');
  let i = open + 1;
  while (i < array.length && array[i] !== '"') i += array[i] === '\\' ? 2 : 1;
  const comma = array.indexOf(',', i + 1);
  const close = array.lastIndexOf(']');
  return open < 0 || comma < 0 || close <= comma ? undefined : array.slice(comma + 1, close).trim();
}
