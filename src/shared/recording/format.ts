/**
 * The native recording format (docs/recording-format.md): versioned NDJSON, one header line,
 * then one record a line. Only what cannot be recomputed is stored: the raw frame text and
 * the facts around it (direction, timing, meta). Validity, kind and summary are recomputed by
 * `decodeFrame` on import, so a newer tool judges an old recording by its own rules.
 */
import { z } from 'zod';
import { SocketStateSchema } from '../connection';
import { GenerationSchema } from '../protocol/generation';

export const RECORDING_FORMAT = 'conversation-devtools-recording';
export const RECORDING_FORMAT_VERSION = 1;

export const RecordingHeaderSchema = z.object({
  format: z.literal(RECORDING_FORMAT),
  version: z.number().int().min(1),
  /** Agent-server base URL (path prefix included; never a key). */
  server: z.string(),
  conversationId: z.string(),
  protocol: GenerationSchema,
  tool: z.object({ name: z.string(), version: z.string() }),
  createdAt: z.string(),
  recordCount: z.number().int().min(0).optional(),
});
export type RecordingHeader = z.infer<typeof RecordingHeaderSchema>;

export const MetaInfoSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('transition'), from: SocketStateSchema, to: SocketStateSchema, cause: z.string(),
    code: z.number().optional(), reason: z.string().optional(), attempt: z.number(), delayMs: z.number().optional(),
  }),
  z.object({ type: z.literal('error'), origin: z.enum(['connection', 'decode', 'server', 'client', 'rest']), message: z.string() }),
  z.object({ type: z.literal('note'), message: z.string() }),
]);

export const OutgoingInfoSchema = z.object({
  via: z.enum(['socket', 'rest']),
  status: z.enum(['sent', 'pending', 'echoed', 'no-echo', 'failed', 'untracked']),
  echoSeq: z.number().optional(),
});

export const StreamInfoSchema = z.object({
  itemId: z.string(), attempt: z.number(), state: z.enum(['streaming', 'finished', 'aborted']), text: z.string(),
  reasoning: z.string().optional(), lossy: z.boolean().optional(), truncated: z.boolean().optional(), reason: z.string().optional(),
  textOmitted: z.number().int().nonnegative().optional(), reasoningOmitted: z.number().int().nonnegative().optional(),
});

/** One record line. Unknown fields are ignored, so later versions may add some. */
export const RecordLineSchema = z.object({
  seq: z.number().int(),
  direction: z.enum(['in', 'out', 'meta']),
  /** Epoch ms when the tool received, sent or noted it. */
  receivedAt: z.number(),
  /** Absent: the header's protocol. */
  protocol: GenerationSchema.optional(),
  raw: z.string(),
  /** Absent: text. */
  rawEncoding: z.enum(['text', 'base64']).optional(),
  /** Meta records only: their one line (nothing to recompute it from). */
  summary: z.string().optional(),
  meta: MetaInfoSchema.optional(),
  outgoing: OutgoingInfoSchema.optional(),
  streamItem: StreamInfoSchema.optional(),
  /** The exporter only had a preview of this frame; `raw` is cut. */
  rawTruncated: z.boolean().optional(),
});
export type RecordLine = z.infer<typeof RecordLineSchema>;
