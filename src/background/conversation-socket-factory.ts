import type { ConnectionTarget } from '../shared/connection';
import type { Clock, ConversationConnection, ConversationSink, FetchLike, ResumeCursor, WebSocketFactory } from './contracts';
import type { GenerationAdapter } from './adapters/adapter';
import { resolveAuto, type ServerFeatures } from './adapters/auto';
import { createV0SocketIoAdapter, type SocketIoFactory } from './adapters/v0-socketio';
import { createV1EventsAdapter } from './adapters/v1-events';
import { createV1SessionAdapter } from './adapters/v1-session';
import { createConversationConnection, type ConversationConnectionOptions } from './conversation-socket';
import { keyMissingCause } from './conversation-socket-policy';
import { fetchOversizedSessionEvent } from './resume/oversized-session-event';
import { ExecutionWatch } from './resume/execution-watch';
import { HeldEventTally } from './resume/held-events';
import { reconcileV1Events } from './resume/reconcile-v1-events';
import { restoreHistoryOverRest } from './resume/restore-history';
import { DEFAULT_TAIL_FIRST_ABOVE, startTailFirst } from './resume/tail-first';
import { startTailFirstV0 } from './resume/tail-first-v0';
import { recoverV0JoinGap, V0JoinGapWatch } from './resume/v0-join-gap';
import { createRestClient, serverAnswered } from './rest';
import { SessionKeyMask } from './key-mask';
import { ServerHorizon } from './echo-horizon';
import { SiteAccessOff } from './site-access';

export interface WiredConnectionOptions {
  target: ConnectionTarget;
  sink: ConversationSink;
  clock: Clock;
  fetch: FetchLike;
  createWebSocket: WebSocketFactory;
  createSocketIo: SocketIoFactory;
  getSessionKey: () => Promise<string | undefined>;
  isOnline?: () => boolean;
  isRunning?: () => boolean;
  policy?: ConversationConnectionOptions['policy'];
  random?: () => number;
  /** Restored after an SW restart: the log is rebuilt over REST up to it, the socket resumes from it. */
  initialCursor?: ResumeCursor;
  /** Conversations with more stored events load newest-first (default DEFAULT_TAIL_FIRST_ABOVE). */
  tailFirstAbove?: number;
  /** V0: after open, frames this much later are live ones (default DEFAULT_V0_JOIN_SETTLE_MS; see V0JoinGapWatch). */
  v0JoinSettleMs?: number;
}

const EXPLICIT: Record<Exclude<ConnectionTarget['protocol'], 'auto'>, ServerFeatures> = {
  'v0-socketio': { generation: 'v0-socketio', resendMode: false, firstMessageAuth: false, reason: 'chosen' },
  'v1-events': { generation: 'v1-events', resendMode: true, firstMessageAuth: true, reason: 'chosen' },
  'v1-session': { generation: 'v1-session', resendMode: true, firstMessageAuth: true, reason: 'chosen' },
};

/** An answer that says "no" yields `no`; no answer at all (network, timeout, 5xx) is thrown on. */
function answeredNo<T>(err: unknown, no: T): T {
  if (serverAnswered(err)) return no;
  throw err;
}

/** The agent server's `/api` routes check the key; /alive and /server_info answer anyone. */
function isKeyedApi(url: string): boolean {
  try {
    return /\/api\//.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

/** Everything the hub needs: adapters, REST, `auto`, reconciliation, probe — wired to one target. */
export function createWiredConnection(options: WiredConnectionOptions): ConversationConnection {
  const { target } = options;
  const tally = new HeldEventTally();
  /** The generation in use once resolved (the execution watch decodes V0 and V1 differently). */
  let generation: ServerFeatures['generation'] | undefined;
  const execution = new ExecutionWatch(() => (generation === 'v0-socketio' ? undefined : generation));
  const joinGap = new V0JoinGapWatch(options.clock, (afterId, belowId) => {
    if (disposed) return;
    recoverV0JoinGap(rest, target.conversationId, sink, afterId, belowId).catch((err: unknown) => {
      sink.appendMeta({ type: 'error', origin: 'rest', message: `V0 join-gap check failed: ${String(err)}` }, 'V0 join-gap check failed');
    });
  }, options.v0JoinSettleMs);
  const keyMask = new SessionKeyMask();
  const getSessionKey = keyMask.remembering(options.getSessionKey);
  const horizon = new ServerHorizon(joinGap);
  // Masked first: the tally, the watches and the log see the frames as the log will hold them.
  // The horizon notes a frame after the log (and the echo tracker in it) took it.
  const sink = keyMask.wrap(horizon.wrap(joinGap.wrap(execution.wrap(tally.wrap(options.sink)))));
  // The browser refusing a request for want of site access (see fetchNoticingSiteAccess) fails
  // the connection with that reason: retrying cannot help until the person grants it.
  const restFetch: FetchLike = async (input, init) => {
    const response = await options.fetch(input, init).catch((error: unknown) => {
      if (error instanceof SiteAccessOff && !disposed) connection.fail(error.message);
      throw error;
    });
    if (isKeyedApi(input)) await noteKeylessAnswer(response.status);
    return response;
  };
  const rest = createRestClient({ serverUrl: target.serverUrl, fetch: restFetch, getSessionKey });

  /** Old servers replay with `resend_all` only: they cannot start at the newest events. */
  let resendMode = true;
  /** Whether the server takes the key in the socket's first message (known once resolved). */
  let firstMessageAuth: boolean | undefined;
  /** A REST answer to a request without a key: 2xx (no key needed) or the 401/403 refusing it. */
  let keylessAnswer: 'accepted' | { refused: number } | undefined;
  /** Set by dispose (detach): background work such as the backfill stops. */
  let disposed = false;
  /**
   * REST history loaded behind the socket, started at the first open: the older events of a
   * conversation loaded newest-first, or what a restarted SW rebuilds up to its saved cursor.
   */
  let startBackfill: (() => Promise<void>) | undefined;
  let backfilled: Promise<void> | undefined;

  /**
   * REST refusing a request without a key (401/403) on a V1 server means its socket will too.
   * With first-message auth it accepts a keyless socket, stays silent, and closes 4001 at its
   * 10 s deadline: the connection showed "open, loading history" all that time. An older server
   * refuses the handshake (1006), and the connection retried it for ever. It fails now, with the
   * wording of that 4001. A key stored meanwhile (attach again) wins.
   */
  async function noteKeylessAnswer(httpStatus: number): Promise<void> {
    const refused = httpStatus === 401 || httpStatus === 403;
    if (!refused && (httpStatus < 200 || httpStatus >= 300)) return;
    if (keylessAnswer === 'accepted' || (await getSessionKey().catch(() => 'unknown')) !== undefined) return;
    keylessAnswer = refused ? { refused: httpStatus } : 'accepted';
    failIfKeyMissing();
  }

  function failIfKeyMissing(): boolean {
    if (disposed || typeof keylessAnswer !== 'object' || generation === undefined || generation === 'v0-socketio') return false;
    connection.fail(keyMissingCause(`REST answered ${keylessAnswer.refused} without one`));
    keylessAnswer = undefined; // the next attempt (Retry, attach again) asks the server again
    return true;
  }

  function adapterFor(features: ServerFeatures): GenerationAdapter {
    resendMode = features.resendMode;
    generation = features.generation;
    firstMessageAuth = features.firstMessageAuth;
    if (features.generation === 'v0-socketio') return createV0SocketIoAdapter(options.createSocketIo);
    if (features.generation === 'v1-session') return createV1SessionAdapter({ createWebSocket: options.createWebSocket });
    return createV1EventsAdapter({
      createWebSocket: options.createWebSocket,
      legacyResendAll: !features.resendMode,
      firstMessageAuth: features.firstMessageAuth,
    });
  }

  // V1 logs are rebuilt over REST up to the saved cursor. A V0 log is loaded again from the
  // start (newest first when it is large), deduped by event id.
  const restorable = options.initialCursor !== undefined && options.initialCursor.generation !== 'v0-socketio' ? options.initialCursor : undefined;
  let reconcileFrom: { afterTimestamp: string } | 'everything' | undefined = restorable?.afterTimestamp !== undefined
    ? { afterTimestamp: restorable.afterTimestamp } : undefined;

  async function resolveAdapter(): Promise<GenerationAdapter> {
    const adapter = await resolveGeneration();
    // A server older than first-message auth opens no REST request before its socket (it
    // replays with resend_all), and refuses a keyless handshake (1006), which was retried for
    // ever: without a key, ask REST once first, which says whether one is needed.
    if (generation !== 'v0-socketio' && firstMessageAuth === false && keylessAnswer === undefined && (await getSessionKey()) === undefined) {
      await rest.countEvents(target.conversationId).catch(() => undefined);
    }
    // `auto` may have met the refusal before it knew the generation: stop before asking more.
    if (failIfKeyMissing()) throw new Error('the server needs a session key');
    if (restorable !== undefined && restorable.generation === adapter.generation) {
      // Behind the socket, not before it: on 100k events the rebuild took 19 s, and the socket
      // (so every live event) waited for it. The socket resumes from the cursor either way.
      startBackfill ??= () => restoreHistoryOverRest(rest, target.conversationId, restorable, sink, () => disposed, () => options.clock.now()).then(() => undefined, (err: unknown) => {
        sink.appendMeta({ type: 'error', origin: 'rest', message: `history restore failed: ${String(err)}` }, 'history restore failed');
      });
    }
    return adapter;
  }

  async function resolveGeneration(): Promise<GenerationAdapter> {
    if (target.protocol !== 'auto') return adapterFor(EXPLICIT[target.protocol]);
    const features = await resolveAuto({
      serverInfoVersion: () => rest.serverInfo().then((info) => info.version, (err: unknown) => answeredNo(err, undefined)),
      v1RestAnswers: () => rest.countEvents(target.conversationId).then((count) => count >= 0, (err: unknown) => answeredNo(err, false)),
    }).catch((err: unknown) => { throw new Error(`auto protocol: the server did not answer (${String(err)}); asking again at the next attempt`); });
    sink.appendMeta({ type: 'note', message: `auto protocol: ${features.generation} (${features.reason})` }, `auto → ${features.generation}`);
    return adapterFor(features);
  }

  /** Large conversations start at their newest events. */
  async function startingCursor(adapter: GenerationAdapter): Promise<ResumeCursor | undefined> {
    const v0 = adapter.generation === 'v0-socketio';
    if (restorable !== undefined || (!resendMode && !v0)) return undefined;
    const tailOptions = {
      threshold: options.tailFirstAbove ?? DEFAULT_TAIL_FIRST_ABOVE, now: () => options.clock.now(), stopped: () => disposed,
      wait: (ms: number) => new Promise<void>((resolve) => { options.clock.setTimeout(resolve, ms); }),
    };
    const start = await (v0
      ? startTailFirstV0(rest, target.conversationId, sink, tailOptions)
      : startTailFirst(rest, target.conversationId, adapter.generation, sink, tailOptions))
      .catch((err: unknown) => {
        // Failed by the same refusal (no key): not a reason to replay everything; the next
        // attempt prepares again and asks the server again.
        if (connection.status().state === 'failed') throw err;
        sink.appendMeta({ type: 'note', message: `newest-first history unavailable (${String(err)}): replaying everything` }, 'history newest-first skipped');
        return undefined;
      });
    if (start === undefined) return undefined;
    startBackfill = start.backfill;
    if (start.reconcileFrom !== undefined) reconcileFrom = { afterTimestamp: start.reconcileFrom };
    return start.cursor;
  }

  /**
   * One count request instead of a REST search when the server stored nothing we lack before
   * `T`. The tally is read at open, before the socket's replay (events at or after `T`) lands.
   */
  async function nothingMissingBefore(timestamp: string | undefined): Promise<boolean> {
    if (timestamp === undefined) return false;
    const held = tally.heldBefore(timestamp);
    // Once more on a network error: the drop that caused this reconnect often took the
    // keep-alive HTTP connection with it. Still failing → search, as without the count.
    const count = () => rest.countEvents(target.conversationId, { timestampLt: timestamp });
    const stored = await count().catch(count).catch(() => undefined);
    return stored !== undefined && stored === held;
  }

  const connection = createConversationConnection({
    target,
    sink,
    clock: options.clock,
    resolveAdapter,
    getSessionKey,
    probeAlive: () => rest.alive(),
    isOnline: options.isOnline,
    isRunning: options.isRunning ?? (() => execution.running()),
    answeredWithoutKey: () => keylessAnswer === 'accepted',
    policy: options.policy,
    random: options.random,
    initialCursor: restorable,
    startingCursor,
    olderHistory: () => backfilled,
    recoverOversized: (cursor) => fetchOversizedSessionEvent(rest, target.conversationId, cursor, sink),
    afterOpen: async (cursor, adapter) => {
      // After the socket is up, so the newest events are not queued behind the older ones.
      if (startBackfill !== undefined) backfilled ??= startBackfill();
      if (adapter.generation === 'v0-socketio') return joinGap.opened(cursor?.latestEventId ?? -1);
      if (adapter.generation !== 'v1-events') return;
      // Held counts are only comparable with the server's once the older history is in.
      if (backfilled !== undefined) await backfilled;
      // Detached meanwhile (the backfill stopped for it): nobody holds this log any more. The
      // count and search asked anyway went out with the next attach's first requests.
      if (disposed) return;
      // Events stored late (published before stored, out of order, never published) carry
      // timestamps after what we held at the PREVIOUS open, not after the newest we received:
      // reconcile from there. The first open replays everything, so it has nothing to reconcile.
      const from = reconcileFrom;
      reconcileFrom = cursor?.afterTimestamp !== undefined ? { afterTimestamp: cursor.afterTimestamp } : 'everything';
      if (from === undefined) return;
      if (await nothingMissingBefore(cursor?.afterTimestamp)) return;
      await reconcileV1Events(rest, target.conversationId, from, sink, cursor?.afterTimestamp);
    },
  });
  return {
    ...connection,
    echoHorizon: horizon,
    dispose() {
      disposed = true;
      connection.dispose();
    },
  };
}
