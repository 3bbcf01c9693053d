import { z } from 'zod';
import { GenerationSchema, ProtocolChoiceSchema } from './protocol/generation';

/** The conversation socket's states (architecture §5). */
export const SocketStateSchema = z.enum(['idle', 'connecting', 'open', 'closing', 'closed', 'backoff', 'failed']);
export type SocketState = z.infer<typeof SocketStateSchema>;

/** The reference client's unified vocabulary (protocol §4.9). */
export type UnifiedStatus = 'CONNECTING' | 'CONNECTED' | 'DISCONNECTED';

export function toUnifiedStatus(state: SocketState): UnifiedStatus {
  switch (state) {
    case 'connecting':
      return 'CONNECTING';
    case 'open':
      return 'CONNECTED';
    case 'idle':
    case 'closing':
    case 'closed':
    case 'backoff':
    case 'failed':
      return 'DISCONNECTED';
  }
}

/** Conversation ids go into REST paths and socket URLs: nothing that could leave the path segment. */
export const CONVERSATION_ID_PATTERN = /^[A-Za-z0-9_-]{1,200}$/;

export type ParsedServerUrl = { ok: true; serverUrl: string } | { ok: false; error: string };

/**
 * The one reading of an agent-server URL (manual entry, deep link, conversation list, stored
 * targets). Only http(s): everything else is no agent server and some schemes run code. No
 * credentials, query or fragment: REST paths and the socket URL are appended to this base, so
 * a query would end up before the path, and a key in it would be logged and exported with the URL.
 * Canonical form (origin + path, no trailing slash) so two spellings of a server (`LOCALHOST`,
 * `:443`) are one conversation key, not two connections. A pasted `conversation_url` keeps its base.
 */
export function parseServerUrl(input: string): ParsedServerUrl {
  let url: URL;
  try { url = new URL(input.trim()); } catch { return { ok: false, error: 'Enter an http:// or https:// server URL.' }; }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, error: 'Enter an http:// or https:// server URL.' };
  if (url.username || url.password || url.search || url.hash) {
    return { ok: false, error: 'Leave credentials, query and fragment out of the server URL; put the key in its own field.' };
  }
  const apiIndex = url.pathname.search(/\/api\/conversations(\/|$)/);
  const path = apiIndex >= 0 ? url.pathname.slice(0, apiIndex) : url.pathname;
  return { ok: true, serverUrl: url.origin + path.replace(/\/+$/, '') };
}

/** Where to connect. `serverUrl` is the agent server base, path prefix included, no trailing slash. */
export const ConnectionTargetSchema = z.object({
  // Canonicalised here too, so a target stored before parseServerUrl existed loads in its canonical form.
  serverUrl: z.string().transform((value, ctx) => {
    const parsed = parseServerUrl(value);
    if (parsed.ok) return parsed.serverUrl;
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  }),
  conversationId: z.string().regex(CONVERSATION_ID_PATTERN, 'A conversation id is letters, digits, - and _.'),
  protocol: ProtocolChoiceSchema,
});
export type ConnectionTarget = z.infer<typeof ConnectionTargetSchema>;

/**
 * Canonical form when the URL is a valid server URL; otherwise (e.g. a recording header from
 * elsewhere) trimmed of a trailing slash and a trailing `/api/conversations/{id}`.
 */
export function normalizeServerUrl(url: string): string {
  const parsed = parseServerUrl(url);
  if (parsed.ok) return parsed.serverUrl;
  let u = url.trim();
  const apiIndex = u.search(/\/api\/conversations(\/|$)/);
  if (apiIndex >= 0) u = u.slice(0, apiIndex);
  return u.replace(/\/+$/, '');
}

/** One key per conversation on one server: what panels subscribe to. */
export function conversationKeyOf(target: Pick<ConnectionTarget, 'serverUrl' | 'conversationId'>): string {
  return `${normalizeServerUrl(target.serverUrl)}#${target.conversationId}`;
}

export const ConnectionCountsSchema = z.object({
  records: z.number(),
  bytes: z.number(),
  dropped: z.number(),
  duplicates: z.number(),
  gaps: z.number(),
  errors: z.number(),
});
export type ConnectionCounts = z.infer<typeof ConnectionCountsSchema>;

/** Everything the sidebar shows about one connection. */
export const ConnectionStatusSchema = z.object({
  key: z.string(),
  target: ConnectionTargetSchema,
  /** The generation actually in use (after `auto` resolved). */
  generation: GenerationSchema.optional(),
  state: SocketStateSchema,
  attempt: z.number(),
  nextRetryAt: z.number().optional(),
  lastClose: z.object({ code: z.number(), reason: z.string(), at: z.number() }).optional(),
  failedReason: z.string().optional(),
  historyLoading: z.boolean(),
  /** Open without a key on a server that may want one (first-message auth), nothing received yet. */
  awaitingAuth: z.boolean().optional(),
  counts: ConnectionCountsSchema,
  keepCapturing: z.boolean(),
  subscribers: z.number(),
  /** A session key is stored (never the key itself). */
  hasKey: z.boolean(),
  parentKey: z.string().optional(),
  title: z.string().optional(),
});
export type ConnectionStatus = z.infer<typeof ConnectionStatusSchema>;
