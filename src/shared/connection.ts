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

/** Where to connect. `serverUrl` is the agent server base, path prefix included, no trailing slash. */
export const ConnectionTargetSchema = z.object({
  serverUrl: z.string().url(),
  conversationId: z.string().min(1).max(200),
  protocol: ProtocolChoiceSchema,
});
export type ConnectionTarget = z.infer<typeof ConnectionTargetSchema>;

/** Strips a trailing slash and a trailing `/api/conversations/{id}` (a pasted conversation_url). */
export function normalizeServerUrl(url: string): string {
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
  counts: ConnectionCountsSchema,
  keepCapturing: z.boolean(),
  subscribers: z.number(),
  /** A session key is stored (never the key itself). */
  hasKey: z.boolean(),
  parentKey: z.string().optional(),
  title: z.string().optional(),
});
export type ConnectionStatus = z.infer<typeof ConnectionStatusSchema>;
