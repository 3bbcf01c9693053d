/**
 * The native recording format (docs/recording-format.md): versioned NDJSON, one header line,
 * then one record a line. Only what cannot be recomputed is stored: the raw frame text and
 * the facts around it (direction, timing, meta). Validity, kind and summary are recomputed by
 * `decodeFrame` on import, so a newer tool judges an old recording by its own rules.
 */
import { z } from 'zod';
import { SocketStateSchema } from '../connection';
import { GenerationSchema } from '../protocol/generation';
import type { FrameType, RecordCategory } from '../record';

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
  /** Records the log had already dropped (memory caps) before the first one in the file. */
  droppedBefore: z.number().int().min(0).optional(),
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

const FRAME_TYPES = [
  'event', 'sync', 'durable', 'transient', 'item_started', 'delta', 'item_aborted', 'error', 'unknown-envelope',
  'v0-event', 'v0-status', 'v0-error', 'none',
] as const satisfies readonly FrameType[];
const CATEGORIES = ['message', 'action', 'observation', 'error', 'state', 'system', 'stream', 'control', 'other'] as const satisfies readonly RecordCategory[];

/**
 * What the exporter's listing said of a frame it only had cut (`rawTruncated`: the extension no
 * longer held the payload). Nothing on import can recompute it from a cut raw, so it is stored;
 * a value a later version adds falls back to a neutral one rather than losing the record.
 */
export const ListedFactsSchema = z.object({
  validity: z.enum(['ok', 'unknown-kind', 'invalid', 'not-json', 'binary']),
  frameType: z.enum(FRAME_TYPES).catch('none'),
  category: z.enum(CATEGORIES).catch('other'),
  size: z.number().int().nonnegative(),
  summary: z.string(),
  eventId: z.string().optional(),
  kind: z.string().optional(),
  nestedKind: z.string().optional(),
  source: z.string().optional(),
  serverSeq: z.number().optional(),
  stateKey: z.string().optional(),
  actionId: z.string().optional(),
  toolCallId: z.string().optional(),
});
export type ListedFacts = z.infer<typeof ListedFactsSchema>;

/** The largest epoch ms a Date holds (ECMAScript: ±100,000,000 days around 1970). */
export const DATE_MS_LIMIT = 8.64e15;

/**
 * Epoch ms that a Date can hold. A time outside it (1e17, say) made `toISOString` throw while
 * rendering, and the whole event log went blank: such a line is reported and skipped instead.
 */
export const EpochMsSchema = z.number().min(-DATE_MS_LIMIT, 'before any date').max(DATE_MS_LIMIT, 'after any date');

/** One record line. Unknown fields are ignored, so later versions may add some. */
export const RecordLineSchema = z.object({
  seq: z.number().int(),
  direction: z.enum(['in', 'out', 'meta']),
  /** Epoch ms when the tool received, sent or noted it. */
  receivedAt: EpochMsSchema,
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
  /** With `rawTruncated`: the decoded facts the exporter showed (kind, id, summary…). */
  listed: ListedFactsSchema.optional(),
});
export type RecordLine = z.infer<typeof RecordLineSchema>;
