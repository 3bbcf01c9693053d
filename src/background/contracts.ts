/**
 * The seam between the connection layer (conversation-socket, adapters, rest) and the
 * owner of logs and ports (event-log, connection-manager, port-hub). Both sides build
 * against these types; neither imports the other's implementation.
 */
import type { ConnectionTarget, SocketState } from '../shared/connection';
import type { DecodedFrame, LogRecord, MetaInfo, OutgoingInfo } from '../shared/record';
import type { Generation } from '../shared/protocol/generation';
import type { OutgoingFrame } from '../shared/port/messages';

export type TimerHandle = ReturnType<typeof setTimeout>;

/** Injectable time: tests pass a fake clock, the SW passes the real one. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The slice of the browser WebSocket the connection layer uses. */
export interface WebSocketLike {
  readonly readyState: number;
  binaryType: string;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string; wasClean?: boolean }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
export type WebSocketFactory = (url: string) => WebSocketLike;

/** `fetch` as the REST client uses it (injectable for tests). */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Where the connection layer writes what happened. Implemented over the event log. */
export interface ConversationSink {
  /** Appends an inbound frame (from the socket or recovered over REST). Returns null when it
   * was a duplicate by event id: dropped, and counted by the log. */
  appendInbound(frame: DecodedFrame, via: 'socket' | 'rest'): LogRecord | null;
  /**
   * Older events (oldest first) placed before everything held: history loaded newest-first.
   * Events already held are skipped; what does not fit the log's caps is dropped oldest-first
   * and counted. Returns the records kept.
   */
  prependHistory(frames: readonly DecodedFrame[]): LogRecord[];
  appendOutbound(frame: DecodedFrame, outgoing: OutgoingInfo): LogRecord;
  appendMeta(meta: MetaInfo, summary: string): LogRecord;
  /** Records that `n` events were found missing (cursor jump, REST reconciliation). */
  countGap(n: number): void;
  /** Whether an event id is already held (dedupe-aware reconciliation). */
  hasEventId(id: string): boolean;
  /** The connection's visible state changed. */
  statusChanged(status: SocketStatus): void;
}

/** The connection layer's part of ConnectionStatus. */
export interface SocketStatus {
  state: SocketState;
  attempt: number;
  generation?: Generation;
  nextRetryAt?: number;
  lastClose?: { code: number; reason: string; at: number };
  failedReason?: string;
  historyLoading: boolean;
  /** Open without a key on a server with first-message auth, and nothing received yet. */
  awaitingAuth?: boolean;
}

/** Where to resume from; persisted (throttled) in storage.session to survive SW restarts. */
export interface ResumeCursor {
  generation: Generation;
  /** V0: highest integer event id received. */
  latestEventId?: number;
  /** v1-events: timestamp of the newest event received (naive server-local ISO). */
  afterTimestamp?: string;
  /** v1-session: highest contiguous durable seq received. */
  afterSeq?: number;
  /** Event ids received near the cursor (dedupe across the resume overlap). */
  recentIds: string[];
}

/** Where the server's history stood when a message was sent (taken by EchoHorizon.mark). */
export interface EchoMark {
  /** The furthest durable seq (session socket) or event id (V0) the server had shown or announced; -1 for none. */
  seq: number;
  /** The newest event timestamp received: the server's own clock. */
  timestamp?: string;
  /** The connection the send was made on (counted by the V0 join watch; 0 for V1). */
  connection: number;
}

/**
 * How an inbound frame stands to a send: `history` (the server had stored it before the send),
 * `newer` (stored after it: it may be the echo), or `replaying` (part of a V0 replay that cannot
 * tell: of identical messages in one replay, the newest is the echo).
 */
export type EchoRelation = 'history' | 'newer' | 'replaying';

/** Tells a send's echo from history replayed after it (echo-horizon.ts has the rule). */
export interface EchoHorizon {
  mark(): EchoMark;
  relate(frame: DecodedFrame, via: 'socket' | 'rest', mark: EchoMark): EchoRelation;
}

export type SendResult = { ok: true; record: LogRecord } | { ok: false; error: string };

/** One reconnecting connection to one conversation. */
export interface ConversationConnection {
  readonly key: string;
  readonly target: ConnectionTarget;
  /** idle → connecting (no-op when already wanted). */
  start(): void;
  /** Cuts any backoff short and connects now, resetting the attempt counter. */
  reconnectNow(): void;
  /** Explicit disconnect: closes, no retry until start()/reconnectNow(). */
  disconnect(): void;
  /** Encodes and sends a client frame; refuses (no silent queue) when not open. */
  send(frame: OutgoingFrame): SendResult;
  status(): SocketStatus;
  cursor(): ResumeCursor | undefined;
  /** Tears everything down (timers, sockets) without recording a transition. */
  dispose(): void;
  /** Where the server's history stands, for telling echoes of sends from history (absent: every user message may echo). */
  readonly echoHorizon?: EchoHorizon;
}
