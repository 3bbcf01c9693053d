import { backoffDelay } from '../shared/backoff';
import { conversationKeyOf, type ConnectionTarget, type SocketState } from '../shared/connection';
import type { DecodedFrame } from '../shared/record';
import { decodeOutgoing, REDACTED } from '../shared/protocol/client-frames';
import type { OutgoingFrame } from '../shared/port/messages';
import type { Clock, ConversationConnection, ConversationSink, ResumeCursor, SendResult, SocketStatus, WebSocketLike } from './contracts';
import { createNamedTimers } from './conversation-socket-timers';
import type { GenerationAdapter } from './adapters/adapter';
import { closeVerdict, DEFAULT_SOCKET_POLICY, isLoopback, keyMissingCause, type SocketPolicy } from './conversation-socket-policy';
import { couldBeUuid } from '../shared/protocol/conversation-id';

export interface ConversationConnectionOptions {
  target: ConnectionTarget;
  sink: ConversationSink;
  clock: Clock;
  /** Resolves the adapter once per connection (`auto` asks /server_info, then caches). */
  resolveAdapter: () => Promise<GenerationAdapter>;
  /** The session key, from storage.session; never logged. */
  getSessionKey: () => Promise<string | undefined>;
  /** Cheap reachability check (GET /alive). */
  probeAlive: () => Promise<boolean>;
  isOnline?: () => boolean;
  /** Whether the agent is running (liveness only matters then). */
  isRunning?: () => boolean;
  /** The server answered a REST request that carried no key: it needs none (absent: not known). */
  answeredWithoutKey?: () => boolean;
  /**
   * Once, when the adapter is resolved and there is no cursor: where to start instead of the
   * beginning (history newest-first). Undefined: replay everything.
   */
  startingCursor?: (adapter: GenerationAdapter) => Promise<ResumeCursor | undefined>;
  /** Older history still loading elsewhere (REST backfill): history counts as loaded once it settles. */
  olderHistory?: () => Promise<void> | undefined;
  /** Called after every open, e.g. REST reconciliation of the gap. */
  afterOpen?: (cursor: ResumeCursor | undefined, adapter: GenerationAdapter) => Promise<void>;
  /** A repeated `1013 frame_too_large` at one cursor: fetch that event elsewhere, return the cursor past it. */
  recoverOversized?: (cursor: ResumeCursor) => Promise<ResumeCursor | undefined>;
  random?: () => number;
  policy?: Partial<SocketPolicy>;
  initialCursor?: ResumeCursor;
}

/** Errors are always followed by a close event, which carries what we act on. */
const ignoreError = (): void => undefined;

/** What the log keeps of the auth frame: never the key itself. */
const REDACTED_AUTH = JSON.stringify({ type: 'auth', session_api_key: REDACTED });

/** The socket's own handle: the wiring can stop it for good when retrying cannot help. */
export interface FailableConnection extends ConversationConnection {
  /** → failed with `cause`: no retry until start() or reconnectNow() (the person asks again). */
  fail(cause: string): void;
}

export function createConversationConnection(options: ConversationConnectionOptions): FailableConnection {
  const policy: SocketPolicy = { ...DEFAULT_SOCKET_POLICY, ...options.policy };
  const { sink, clock } = options;
  const random = options.random ?? Math.random;
  const loopback = isLoopback(options.target.serverUrl);
  let state: SocketState = 'idle';
  let attempt = 0;
  let adapter: GenerationAdapter | undefined;
  let socket: WebSocketLike | undefined;
  let cursor = options.initialCursor;
  let status: SocketStatus = { state, attempt, historyLoading: false };
  let generationToken = 0;
  let pausedOffline = false;
  let oversizedAt: number | undefined;
  let preparation: Promise<GenerationAdapter> | undefined;
  /** A probe found the server down since the socket last opened (see scheduleProbe). */
  let serverSeenDown = false;
  /** Whether this attempt sends a key (auth frame or query): a 4001 then means it is wrong, not missing. */
  let keySent = false;
  /** When the last frame arrived; the liveness timer measures quiet from here. */
  let lastFrameAt = 0;
  const timers = createNamedTimers(clock);

  function transition(to: SocketState, cause: string, extra: { code?: number; reason?: string; delayMs?: number } = {}): void {
    const from = state;
    state = to;
    sink.appendMeta({ type: 'transition', from, to, cause, attempt, ...extra }, `${from} → ${to}: ${cause}`);
    status = {
      ...status,
      state: to,
      attempt,
      generation: adapter?.generation,
      nextRetryAt: extra.delayMs !== undefined ? clock.now() + extra.delayMs : undefined,
      failedReason: to === 'failed' ? cause : undefined,
      historyLoading: to === 'open' || to === 'connecting' ? status.historyLoading : false,
      awaitingAuth: to === 'open' ? status.awaitingAuth : undefined,
    };
    if (extra.code !== undefined) status.lastClose = { code: extra.code, reason: extra.reason ?? '', at: clock.now() };
    sink.statusChanged(status);
  }

  function detachSocket(): WebSocketLike | undefined {
    const old = socket;
    socket = undefined;
    if (old) {
      old.onopen = null;
      old.onmessage = null;
      old.onclose = null;
      // Some WebSocket implementations (Node's ws) throw on an error event nobody listens to.
      old.onerror = ignoreError;
    }
    return old;
  }

  function connect(cause: string): void {
    timers.clearAll();
    detachSocket()?.close(1000, 'reconnecting');
    pausedOffline = false;
    transition('connecting', cause);
    const token = ++generationToken;
    timers.set('watchdog', policy.handshakeTimeoutMs, () => {
      detachSocket()?.close(4000, 'handshake timeout');
      scheduleRetry('handshake timeout', undefined, '');
    });
    void openSocket(token);
  }

  /**
   * Resolves the adapter and where to start, once, however many connects wait for it. A second
   * connect (Reconnect now, the watchdog's retry) used to start a second preparation; the one
   * that finished last rewound the cursor and swapped the adapter under a streaming socket.
   */
  function prepareOnce(): Promise<GenerationAdapter> {
    preparation ??= (async () => {
      const resolved = await options.resolveAdapter();
      if (cursor === undefined) cursor = await options.startingCursor?.(resolved);
      adapter = resolved;
      return resolved;
    })().catch((err: unknown) => {
      preparation = undefined; // asked again at the next attempt
      throw err;
    });
    return preparation;
  }

  async function openSocket(token: number): Promise<void> {
    let key: string | undefined;
    let ready: GenerationAdapter;
    try {
      ready = adapter ?? await prepareOnce();
      key = await options.getSessionKey();
    } catch (err) {
      if (token !== generationToken) return;
      sink.appendMeta({ type: 'error', origin: 'connection', message: String(err) }, 'connect failed');
      timers.clear('watchdog');
      scheduleRetry('connect preparation failed', undefined, '');
      return;
    }
    if (token !== generationToken || state !== 'connecting') return;
    keySent = Boolean(key);
    // Only a server older than first-message auth (known from /server_info) takes the key in the URL.
    const keyInUrl = key && !ready.firstMessageAuth ? key : undefined;
    const ws = ready.open({ serverUrl: options.target.serverUrl, conversationId: options.target.conversationId, cursor, keyInUrl });
    // Browsers deliver binary frames as Blobs by default; the decoder reads bytes.
    ws.binaryType = 'arraybuffer';
    socket = ws;
    ws.onopen = () => onOpen(ws, key && !keyInUrl ? key : undefined);
    ws.onmessage = (ev) => onFrame(ev.data);
    ws.onclose = (ev) => onClose(ev.code, ev.reason);
    ws.onerror = ignoreError;
  }

  function onOpen(ws: WebSocketLike, authKey: string | undefined): void {
    if (!adapter) return;
    timers.clear('watchdog');
    // Without a key, a server with first-message auth accepts the socket and then says nothing
    // until it closes with 4001 at its deadline (10 s): open is all it has shown. Unless REST
    // already answered without a key, the status says it waits rather than "loading history".
    const awaitingAuth = !keySent && adapter.firstMessageAuth && !(options.answeredWithoutKey?.() ?? false);
    status = { ...status, historyLoading: true, awaitingAuth: awaitingAuth || undefined };
    transition('open', 'socket opened');
    serverSeenDown = false;
    if (authKey) {
      ws.send(JSON.stringify({ type: 'auth', session_api_key: authKey }));
      sink.appendOutbound(decodeOutgoing(adapter.generation, REDACTED_AUTH), { via: 'socket', status: 'sent' });
    }
    timers.set('uptime', policy.minUptimeMs, () => { attempt = 0; });
    lastFrameAt = clock.now();
    armLiveness();
    const current = adapter;
    const token = generationToken;
    void (options.afterOpen?.(cursor, current) ?? Promise.resolve())
      .catch((err: unknown) => {
        sink.appendMeta({ type: 'error', origin: 'rest', message: String(err) }, 'reconciliation failed');
      })
      .then(() => {
        // Only the session socket announces the end of history (sync.through_seq); for the others
        // the end of reconciliation is the best marker we have.
        if (token === generationToken && current.generation !== 'v1-session') endHistoryLoading();
      });
  }

  function endHistoryLoading(): void {
    if (!status.historyLoading) return;
    const older = options.olderHistory?.();
    if (older !== undefined) {
      const token = generationToken;
      void older.then(() => { if (token === generationToken) finishHistoryLoading(); });
      return;
    }
    finishHistoryLoading();
  }

  function finishHistoryLoading(): void {
    if (!status.historyLoading) return;
    status = { ...status, historyLoading: false };
    sink.statusChanged(status);
  }

  // One timer per quiet period, not one per frame: frames only stamp `lastFrameAt`, and the
  // timer re-arms for the remainder when it finds that a frame came in meanwhile.
  function armLiveness(delayMs = policy.livenessMs): void {
    timers.set('liveness', delayMs, () => {
      if (state !== 'open') return;
      const quietMs = clock.now() - lastFrameAt;
      if (quietMs < policy.livenessMs) return armLiveness(policy.livenessMs - quietMs);
      if (!(options.isRunning?.() ?? false)) return armLiveness();
      sink.appendMeta({ type: 'note', message: `no frame for ${policy.livenessMs} ms while running: reconnecting` }, 'liveness');
      detachSocket()?.close(4000, 'liveness');
      scheduleRetry('no frames while running', undefined, '');
    });
  }

  function onFrame(data: unknown): void {
    if (!adapter) return;
    const payload = typeof data === 'string' || data instanceof ArrayBuffer || data instanceof Uint8Array ? data : String(data);
    const frame: DecodedFrame = adapter.decode(payload);
    lastFrameAt = clock.now();
    if (status.awaitingAuth) {
      status = { ...status, awaitingAuth: undefined };
      sink.statusChanged(status);
    }
    const gap = adapter.gapBefore(cursor, frame);
    if (gap > 0) sink.countGap(gap);
    const complete = adapter.historyComplete(frame, cursor);
    sink.appendInbound(frame, 'socket');
    const before = cursor;
    cursor = adapter.advance(cursor, frame);
    if (before?.afterSeq !== undefined && cursor?.afterSeq !== undefined && cursor.afterSeq < before.afterSeq) {
      sink.appendMeta({ type: 'note', message: `the server's log ends at seq ${cursor.afterSeq}, below ours (${before.afterSeq}): its history was replaced; following it from there` }, 'server history shorter');
    }
    if (complete) endHistoryLoading();
  }

  function onClose(code: number, reason: string): void {
    detachSocket();
    timers.clearAll();
    // Only a server with first-message auth closes with 4001 (an older one refuses a keyless
    // handshake with 1006, protocol §1.3), so it is the key that is wrong. This used to retry
    // with the key in the query, which put the wrong key in every later URL, and reconnected forever.
    if (code === 4001) {
      const cause = keySent
        ? 'the session key was refused (4001 Authentication failed): attach again with the right key'
        : keyMissingCause('4001 Authentication failed');
      return transition('failed', cause, { code, reason });
    }
    if (code === 1013 && reason === 'slow_consumer' && adapter?.generation === 'v1-session') {
      // The server dropped us for falling behind, not for being busy: the cursor resumes
      // without loss (§1.10), so the 30 s wait of other 1013s would only blind the panel.
      return scheduleRetry(`closed with ${code}`, code, reason);
    }
    if (code === 1013 && reason === 'frame_too_large' && adapter?.generation === 'v1-session') {
      // No cursor yet means the very first event is the oversized one: it sits at seq 0.
      return onFrameTooLarge(code, reason, cursor ?? { generation: 'v1-session', afterSeq: -1, recentIds: [] });
    }
    if (code === 4004) {
      // "closed with 4004" and a Retry that could not help: say what is wrong and where to look.
      const cause = `no conversation ${options.target.conversationId} on this server (closed with 4004): check the id or the server URL`;
      return transition('failed', cause, { code, reason });
    }
    if (code === 1006 && state === 'connecting' && adapter?.generation !== 'v0-socketio' && !couldBeUuid(options.target.conversationId)) {
      // Refused before it opened, for an id the V1 server never takes: it backed off for ever.
      const cause = `the server refused the socket (1006), and ${JSON.stringify(options.target.conversationId)} is not a UUID, which V1 conversation ids are: check the id`;
      return transition('failed', cause, { code, reason });
    }
    const verdict = closeVerdict(code);
    if (verdict === 'failed') return transition('failed', `closed with ${code}`, { code, reason });
    scheduleRetry(`closed with ${code}`, code, reason, verdict === 'slow-retry');
  }

  function onFrameTooLarge(code: number, reason: string, at: ResumeCursor): void {
    const repeated = oversizedAt === at.afterSeq;
    oversizedAt = at.afterSeq;
    if (!repeated || !options.recoverOversized) return scheduleRetry(`closed with ${code}`, code, reason);
    // Waiting to reconnect, not stopped: `closed` is what a person's disconnect leaves, and an SW
    // restarted during the fetch restored the connection as disconnected.
    if (state === 'open') transition('closed', `closed with ${code}`, { code, reason });
    transition('backoff', `closed with ${code} twice at seq ${at.afterSeq}: fetching that event over REST`, { code, reason });
    const token = generationToken;
    void options.recoverOversized(at).then(
      (next) => {
        if (token !== generationToken) return;
        if (next) cursor = next;
        scheduleRetry('oversized event handled', code, reason);
      },
      (err: unknown) => {
        sink.appendMeta({ type: 'error', origin: 'rest', message: String(err) }, 'oversized event fetch failed');
        if (token === generationToken) scheduleRetry(`closed with ${code}`, code, reason, true);
      },
    );
  }

  function scheduleRetry(cause: string, code: number | undefined, reason: string, slow = false): void {
    timers.clearAll();
    if (state === 'open' || state === 'connecting') {
      if (state === 'open') transition('closed', cause, code !== undefined ? { code, reason } : {});
    }
    const computed = backoffDelay(policy, attempt, random());
    const delayMs = slow ? Math.max(policy.tryAgainLaterMs, computed) : computed;
    attempt += 1;
    if (!loopback && options.isOnline && !options.isOnline()) {
      pausedOffline = true;
      transition('backoff', `${cause}; offline: waiting for the network`, code !== undefined ? { code, reason } : {});
      watchForNetwork();
      return;
    }
    transition('backoff', cause, { delayMs, ...(code !== undefined ? { code, reason } : {}) });
    timers.set('retry', delayMs, () => connect('backoff elapsed'));
    if (!slow) scheduleProbe();
  }

  /**
   * While paused offline, looks at the network state every probe interval (no request): the
   * `online` event alone was never delivered to connections, which stayed paused for good.
   */
  function watchForNetwork(): void {
    timers.set('offline', policy.probeIntervalMs, () => {
      if (state !== 'backoff' || !pausedOffline) return;
      if (options.isOnline?.() ?? true) connect('back online');
      else watchForNetwork();
    });
  }

  /**
   * Probes /alive during a backoff and connects at once when the server is back, but only after
   * seeing it down since the socket last opened (an outage spans several backoffs): that is the
   * outage the probe is for. A server that answers
   * while its socket fails (a refused key, a proxy without the WS route) used to be reconnected
   * once a second for ever, whatever the backoff said.
   */
  function scheduleProbe(): void {
    timers.set('probe', policy.probeIntervalMs, () => {
      const token = generationToken;
      void options.probeAlive().then((alive) => {
        if (state !== 'backoff' || token !== generationToken) return;
        if (!alive) serverSeenDown = true;
        if (alive && serverSeenDown) connect('server alive again');
        else scheduleProbe();
      }, () => {
        if (state !== 'backoff' || token !== generationToken) return;
        serverSeenDown = true;
        scheduleProbe();
      });
    });
  }

  return {
    key: conversationKeyOf(options.target),
    target: options.target,
    start() {
      if (state === 'idle' || state === 'closed' || state === 'failed') connect('start');
    },
    reconnectNow() {
      attempt = 0;
      connect('reconnect requested');
    },
    disconnect() {
      generationToken += 1;
      timers.clearAll();
      const ws = detachSocket();
      if (ws) {
        transition('closing', 'disconnect requested');
        ws.close(1000, 'client disconnect');
      }
      if (state !== 'closed') transition('closed', 'disconnect requested');
    },
    send(frame: OutgoingFrame): SendResult {
      if (state !== 'open' || !socket || !adapter) return { ok: false, error: `not connected (state: ${state}); nothing was queued` };
      const encoded = adapter.encode(frame);
      if (!encoded.ok) return encoded;
      socket.send(encoded.wire);
      return { ok: true, record: sink.appendOutbound(decodeOutgoing(adapter.generation, encoded.recorded), { via: 'socket', status: 'sent' }) };
    },
    fail(cause: string) {
      // Stopped already (failed, or the person disconnected it): nothing is retrying.
      if (state === 'failed' || state === 'closed' || state === 'idle') return;
      generationToken += 1;
      timers.clearAll();
      detachSocket()?.close(1000, 'client failed');
      transition('failed', cause);
    },
    status: () => status,
    cursor: () => cursor,
    dispose() {
      generationToken += 1;
      timers.clearAll();
      detachSocket()?.close(1000, 'disposed');
    },
  };
}
