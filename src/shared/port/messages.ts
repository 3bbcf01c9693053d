/**
 * The panel ↔ service-worker port protocol (architecture §6). One zod schema per message,
 * one union per direction. Records inside envelopes were validated when decoded and are
 * not parsed again here (`z.custom`).
 */
import { z } from 'zod';
import { ConnectionStatusSchema, ConnectionTargetSchema } from '../connection';
import type { LogRecord } from '../record';
import { MAX_QUERY_CHARS } from '../text-query';

// 2: recordsPrepended and Subscription.firstSeq (history loaded newest-first).
// 3: getRecords answers GetRecordsAnswer (cut by size, with what is left), and goodbye.
export const PORT_PROTOCOL_VERSION = 3;
export const PANEL_PORT_NAME = 'conversation-devtools/panel';

const RecordsSchema = z.array(z.custom<LogRecord>((v) => typeof v === 'object' && v !== null));

// ── Panel → SW ────────────────────────────────────────────────────────────────

export const SubscriptionSchema = z.object({
  key: z.string(),
  /** Highest seq the panel holds (-1: none). */
  lastSeq: z.number().int(),
  /** Lowest seq the panel holds: older records the log gained since (history loaded newest-first) come as `recordsPrepended`. */
  firstSeq: z.number().int().optional(),
  /** SW epoch the panel's records came from; a different epoch means merge by event id. */
  epoch: z.string().optional(),
});
export type Subscription = z.infer<typeof SubscriptionSchema>;

/** Connections the SW holds at once (the connection manager's default). */
export const MAX_CONNECTIONS = 16;
/**
 * Conversations one hello may list: a panel lists those whose connection it last saw held (at
 * most MAX_CONNECTIONS, unless some went while its port was down), so four times that leaves
 * room. A panel with more lists this many; welcome's listConnections brings the rest.
 */
export const MAX_HELLO_SUBSCRIPTIONS = 4 * MAX_CONNECTIONS;

export const HelloSchema = z.object({
  type: z.literal('hello'),
  protocolVersion: z.number().int(),
  clientId: z.string(),
  subscriptions: z.array(SubscriptionSchema).max(MAX_HELLO_SUBSCRIPTIONS),
});

/** A client frame to send: a JSON value (V1 Message or raw frame) or a V0 `oh_user_action`. */
export const OutgoingFrameSchema = z.discriminatedUnion('as', [
  z.object({ as: z.literal('json'), value: z.unknown() }),
  z.object({ as: z.literal('text'), text: z.string() }),
  z.object({ as: z.literal('v0-action'), event: z.enum(['oh_user_action', 'oh_action']), value: z.unknown() }),
]);
export type OutgoingFrame = z.infer<typeof OutgoingFrameSchema>;

/**
 * Per-connection timing overrides (advanced settings; e2e tests shorten timers with them).
 * Bounded so a typo cannot make a client hammer a server.
 */
export const ConnectionPolicySchema = z.object({
  baseMs: z.number().int().min(10).max(600_000).optional(),
  capMs: z.number().int().min(10).max(3_600_000).optional(),
  jitter: z.number().min(0).max(1).optional(),
  minUptimeMs: z.number().int().min(0).max(600_000).optional(),
  handshakeTimeoutMs: z.number().int().min(100).max(600_000).optional(),
  probeIntervalMs: z.number().int().min(10).max(600_000).optional(),
  livenessMs: z.number().int().min(100).max(3_600_000).optional(),
  tryAgainLaterMs: z.number().int().min(10).max(3_600_000).optional(),
  /** How long an outgoing user message waits for the server's echo before `no-echo`. */
  echoTimeoutMs: z.number().int().min(10).max(3_600_000).optional(),
  /** Conversations with more stored events than this load newest-first (v1 sockets): the newest at once, older ones backfilled over REST. */
  tailFirstAbove: z.number().int().min(0).max(10_000_000).optional(),
});
export type ConnectionPolicy = z.infer<typeof ConnectionPolicySchema>;

/** Full records one `getRecords` may ask for: an export asks in runs of this many. */
export const MAX_RECORDS_PER_REQUEST = 1_000;
/** The filter's own limit: the panel refuses a longer text before asking. */
export const MAX_SEARCH_TEXT_CHARS = MAX_QUERY_CHARS;

export const CommandSchema = z.discriminatedUnion('name', [
  z.object({
    name: z.literal('attach'),
    target: ConnectionTargetSchema,
    sessionApiKey: z.string().max(4096).optional(),
    keepCapturing: z.boolean().optional(),
    policy: ConnectionPolicySchema.optional(),
  }),
  z.object({ name: z.literal('subscribe'), key: z.string(), lastSeq: z.number().int(), firstSeq: z.number().int().optional(), epoch: z.string().optional() }),
  z.object({ name: z.literal('unsubscribe'), key: z.string() }),
  z.object({ name: z.literal('detach'), key: z.string() }),
  z.object({ name: z.literal('disconnect'), key: z.string() }),
  z.object({ name: z.literal('reconnectNow'), key: z.string() }),
  z.object({ name: z.literal('send'), key: z.string(), frame: OutgoingFrameSchema }),
  z.object({ name: z.literal('sendRest'), key: z.string(), message: z.unknown(), run: z.boolean() }),
  z.object({ name: z.literal('getRecord'), key: z.string(), seq: z.number().int() }),
  /**
   * Full records: the held ones among `seqs`, then those carrying one of `eventIds` (records the
   * panel kept from before an SW restart, whose seqs the new log does not share). Answered with
   * a GetRecordsAnswer: as many as fit one port message, and what is left to ask for again.
   */
  z.object({
    name: z.literal('getRecords'), key: z.string(),
    seqs: z.array(z.number().int()).max(MAX_RECORDS_PER_REQUEST),
    eventIds: z.array(z.string()).max(MAX_RECORDS_PER_REQUEST).optional(),
  }),
  /**
   * The filter's text over the payloads the panel's listings lack, for records after `afterSeq`
   * (absent: every record; seqs of history loaded newest-first go below zero).
   */
  z.object({ name: z.literal('searchPayloads'), key: z.string(), text: z.string().min(1).max(MAX_SEARCH_TEXT_CHARS), afterSeq: z.number().int().optional() }),
  z.object({ name: z.literal('clearLog'), key: z.string() }),
  z.object({ name: z.literal('setKeepCapturing'), key: z.string(), on: z.boolean() }),
  z.object({ name: z.literal('listConnections') }),
  z.object({ name: z.literal('listConversations'), serverUrl: z.string(), sessionApiKey: z.string().optional() }),
  /** `permissions.contains` for the server's host, answered by the background (a Firefox DevTools panel has no `permissions`). */
  z.object({ name: z.literal('hasSiteAccess'), serverUrl: z.string().max(2048) }),
  /**
   * Opens the panel in a tab, its Attach form filled with `prefill` (a Firefox DevTools panel has
   * no `tabs`). A target has no key field: the key never travels in the tab's URL.
   */
  z.object({ name: z.literal('openPanelTab'), prefill: ConnectionTargetSchema.optional() }),
  z.object({
    name: z.literal('control'),
    key: z.string(),
    action: z.enum(['run', 'pause', 'interrupt', 'accept', 'reject']),
    reason: z.string().optional(),
  }),
  z.object({ name: z.literal('forgetKey'), key: z.string() }),
]);
export type Command = z.infer<typeof CommandSchema>;
export type CommandName = Command['name'];

export const CommandMessageSchema = z.object({
  type: z.literal('command'),
  requestId: z.string(),
  command: CommandSchema,
});

export const PanelToBackgroundSchema = z.discriminatedUnion('type', [HelloSchema, CommandMessageSchema]);
export type PanelToBackground = z.infer<typeof PanelToBackgroundSchema>;

// ── SW → Panel ────────────────────────────────────────────────────────────────

export const WelcomeSchema = z.object({
  type: z.literal('welcome'),
  protocolVersion: z.number().int(),
  /** Changes on every SW boot. */
  epoch: z.string(),
  bootedAt: z.number(),
});

export const IncompatibleSchema = z.object({
  type: z.literal('incompatible'),
  expected: z.number().int(),
  got: z.number().int(),
});

export const SnapshotSchema = z.object({
  type: z.literal('snapshot'),
  key: z.string(),
  status: ConnectionStatusSchema,
  records: RecordsSchema,
  /**
   * Records the log dropped (cap) before the panel's first: the subscription's firstSeq when it
   * continues (ones evicted after the panel got them are not counted), else the log's first.
   */
  droppedBefore: z.number().int(),
  /** Snapshots travel in chunks; the last one says done. */
  done: z.boolean(),
});

export const ResetSchema = z.object({
  type: z.literal('reset'),
  key: z.string(),
  reason: z.string(),
});

export const RecordsAppendedSchema = z.object({
  type: z.literal('recordsAppended'),
  key: z.string(),
  records: RecordsSchema,
});

/**
 * Older records placed BEFORE everything the panel holds (history loaded newest-first: the
 * newest events came first, the older ones were backfilled over REST). Seqs are below the
 * panel's first; chunks come oldest-first and the last says done, so the panel prepends once.
 */
export const RecordsPrependedSchema = z.object({
  type: z.literal('recordsPrepended'),
  key: z.string(),
  records: RecordsSchema,
  /** Records the log dropped (cap) before the first one it still holds. */
  droppedBefore: z.number().int(),
  done: z.boolean(),
});

/** Records changed in place: a growing streamed item, an outgoing frame's echo status. */
export const RecordsUpdatedSchema = z.object({
  type: z.literal('recordsUpdated'),
  key: z.string(),
  records: RecordsSchema,
});

/** The panel fell behind (queue over cap): ask again with `subscribe` from its lastSeq. */
export const ResyncSchema = z.object({
  type: z.literal('resync'),
  key: z.string(),
  reason: z.string(),
});

export const StatusSchema = z.object({
  type: z.literal('status'),
  status: ConnectionStatusSchema,
});

export const ConnectionRemovedSchema = z.object({
  type: z.literal('connectionRemoved'),
  key: z.string(),
});

export const LogClearedSchema = z.object({
  type: z.literal('logCleared'),
  key: z.string(),
});

export const ResultSchema = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('result'), requestId: z.string(), ok: z.literal(true), value: z.unknown().optional() }),
  // `value` is optional: Chrome's JSON port serialization drops `value: undefined`.
  z.object({ type: z.literal('result'), requestId: z.string(), ok: z.literal(false), error: z.string() }),
]);

/** `searchPayloads`' value: the newest seq searched and the matching seqs (SW numbering). */
export const PayloadSearchAnswerSchema = z.object({
  /** The newest seq searched; absent when the log held nothing to search. */
  throughSeq: z.number().int().optional(),
  /** The search stopped at throughSeq (its time was up): ask again from there. */
  more: z.literal(true).optional(),
  seqs: z.array(z.number().int()),
});
export type PayloadSearchAnswer = z.infer<typeof PayloadSearchAnswerSchema>;

/**
 * What `sendRest` answers: the outgoing record's seq and what became of the POST. `unanswered`:
 * it went out and no clear answer came (a timeout, a network error): the server may have stored
 * it, so the record waits for its echo. A refusal (HTTP 4xx/5xx) is a command error instead.
 */
export const SendRestResultSchema = z.object({
  seq: z.number().int(),
  delivery: z.enum(['accepted', 'unanswered']),
  detail: z.string().optional(),
});
export type SendRestResult = z.infer<typeof SendRestResultSchema>;

/**
 * `getRecords`' value: the records that fit one port message (Chrome refuses one over 64 MiB,
 * and an export asks for 1,000 records that may be screenshots of hundreds of KB each), in the
 * order asked; `rest` lists the held ones left out, to ask for again. A record too large to
 * cross even alone comes as its listing (`rawTruncated`).
 */
export const GetRecordsAnswerSchema = z.object({
  records: RecordsSchema,
  rest: z.object({ seqs: z.array(z.number().int()), eventIds: z.array(z.string()) }).optional(),
});
export type GetRecordsAnswer = z.infer<typeof GetRecordsAnswerSchema>;

/**
 * The SW is closing this port, and why (a message to the panel could not be sent, or its hello
 * was refused): the panel shows the reason and reconnects, and its hello resumes from what it
 * holds. Sent just before the SW disconnects the port, so the panel never waits on a port that
 * gets nothing.
 */
export const GoodbyeSchema = z.object({
  type: z.literal('goodbye'),
  reason: z.string(),
});

export const BackgroundToPanelSchema = z.union([
  WelcomeSchema,
  IncompatibleSchema,
  SnapshotSchema,
  ResetSchema,
  RecordsAppendedSchema,
  RecordsPrependedSchema,
  RecordsUpdatedSchema,
  ResyncSchema,
  StatusSchema,
  ConnectionRemovedSchema,
  LogClearedSchema,
  ResultSchema,
  GoodbyeSchema,
]);
export type BackgroundToPanel = z.infer<typeof BackgroundToPanelSchema>;
