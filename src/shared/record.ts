/**
 * The Record: what an event log holds and what crosses the SW → panel port.
 * One Record per server frame (in), client frame (out) or connection fact (meta).
 * The raw text is kept once and never re-stringified; the parsed value is not kept
 * (it is cheap to re-parse on selection and expensive to hold for 100k records).
 */
import type { Generation } from './protocol/generation';
import type { SocketState } from './connection';

export type Direction = 'in' | 'out' | 'meta';
export type Validity = 'ok' | 'unknown-kind' | 'invalid' | 'not-json' | 'binary';

/** A zod issue flattened for display: `path` is dotted (`action.command`, `content.0.text`). */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** The role a frame plays in its protocol. */
export type FrameType =
  | 'event' // a V1 events-socket event, or an outgoing client frame
  | 'sync' | 'durable' | 'transient' | 'item_started' | 'delta' | 'item_aborted' | 'error' // V1 session envelopes
  | 'unknown-envelope' // a session frame with a `type` we do not know (ignored, not fatal)
  | 'v0-event' | 'v0-status' | 'v0-error' // V0 oh_event payloads
  | 'none'; // not-json, binary, or structurally invalid

/** Colour/grouping class of a record in the panel. */
export type RecordCategory =
  | 'message' | 'action' | 'observation' | 'error' | 'state' | 'system' | 'stream' | 'control' | 'other';

/** Streamed-item facts (session-socket progress frames, coalesced into one growing record). */
export interface StreamInfo {
  itemId: string;
  attempt: number;
  state: 'streaming' | 'finished' | 'aborted';
  text: string;
  reasoning?: string;
  lossy?: boolean;
  /** Text past the per-item cap (MAX_STREAM_TEXT_CHARS) was not kept; the durable event has it all. */
  truncated?: boolean;
  /** In a port listing: characters cut from the start of `text` (the SW holds them; getRecord has them all). */
  textOmitted?: number;
  /** Likewise for `reasoning`. */
  reasoningOmitted?: number;
  reason?: string;
}

/** Everything `decodeFrame` learns from one frame. Never thrown; always returned. */
export interface DecodedFrame {
  validity: Validity;
  issues?: ValidationIssue[];
  /** The frame as received (text), or base64 of the bytes when `rawEncoding` is base64. */
  raw: string;
  rawEncoding: 'text' | 'base64';
  /** Bytes on the wire (UTF-8 length for text). */
  size: number;
  frameType: FrameType;
  category: RecordCategory;
  eventId?: string;
  /** V1 `kind` (or the envelope's inner event kind); V0 `action:run` / `observation:run`. */
  kind?: string;
  /** Nested action/observation kind (`TerminalAction`, `FileEditorObservation`, …). */
  nestedKind?: string;
  source?: string;
  /** The event's own timestamp (naive server-local ISO). */
  timestamp?: string;
  /** One human line: command, path, message text, error… */
  summary: string;
  /** Session socket: the durable `seq`. V0: the integer event id. */
  serverSeq?: number;
  sync?: { fromSeq: number | null; throughSeq: number | null };
  stream?: { itemId: string; attempt: number; order?: number; deltaKind?: string; content?: string; anchorSeq?: number; reason?: string };
  /** ConversationStateUpdateEvent key, when the event is one. */
  stateKey?: string;
  /** Links: ObservationEvent.action_id / V0 cause; tool_call_id. */
  actionId?: string;
  toolCallId?: string;
  /**
   * The generation the frame was decoded as, when a log of another one holds it: REST events in
   * a session-socket log are bare V1 events, and a reader of the recording must decode them so.
   */
  protocol?: Generation;
}

/** A connection fact recorded in the log, so one timeline tells the whole story. */
export type MetaInfo =
  | {
      type: 'transition';
      from: SocketState;
      to: SocketState;
      cause: string;
      code?: number;
      reason?: string;
      attempt: number;
      delayMs?: number;
    }
  | { type: 'error'; origin: 'connection' | 'decode' | 'server' | 'client' | 'rest'; message: string }
  | { type: 'note'; message: string };

export interface OutgoingInfo {
  via: 'socket' | 'rest';
  /** `untracked`: still pending when the SW restarted; nobody waits for its echo any more (the panel sets it). */
  status: 'sent' | 'pending' | 'echoed' | 'no-echo' | 'failed' | 'untracked';
  /** seq of the echo record once matched. */
  echoSeq?: number;
}

/** A held record: not the event's own timestamp (read from frames as they arrive; its text is in raw). */
export interface LogRecord extends Omit<DecodedFrame, 'timestamp'> {
  /** Local, per-conversation, strictly increasing. */
  seq: number;
  conversationKey: string;
  direction: Direction;
  /** Epoch ms when the SW received (or sent, or noted) it. */
  receivedAt: number;
  protocol: Generation;
  meta?: MetaInfo;
  outgoing?: OutgoingInfo;
  streamItem?: StreamInfo;
  /** True when `raw` (or a streamed item's text) was cut for the port; the full record comes with `getRecord`. */
  rawTruncated?: boolean;
}
