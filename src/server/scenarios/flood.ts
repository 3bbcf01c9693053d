/**
 * The `flood` load scenario: `count` events at `rate` per second (or as fast as the event loop
 * allows), each stamped with its server send time so a benchmark can compute latency.
 */

export type FloodRate = number | 'max';

export interface FloodOptions {
  /** Target conversation (V1 or V0); defaults to the dedicated flood conversation. */
  conversationId?: string;
  /** Events per second, or 'max' (batches of `batch` per event-loop turn). */
  rate?: FloodRate;
  /** How many events to send in total. */
  count?: number;
  /** Approximate serialised size of each event in bytes (padding is added to reach it). */
  size?: number;
  /** Events per event-loop turn at rate 'max' (I/O runs between batches, so sockets drain). */
  batch?: number;
}

export interface FloodResult {
  conversationId: string;
  sent: number;
  /** True when stop() ended the flood before `count`. */
  stopped: boolean;
  elapsedMs: number;
  eventsPerSecond: number;
}

export interface FloodHandle {
  readonly conversationId: string;
  /** Events sent so far. */
  readonly sent: number;
  /** Resolves when `count` events were sent or stop() was called. */
  readonly done: Promise<FloodResult>;
  stop(): void;
}

/** What one flood event carries besides its generation's own fields. */
export interface FloodStamp {
  /** 0-based position in this flood. */
  index: number;
  /** Server send time, epoch milliseconds with sub-millisecond precision. */
  sentAtMs: number;
  /** Filler to reach the requested size. */
  padding: string;
}

/** Appends (persists and publishes) one flood event; the generation decides its shape. */
export type FloodEmitter = (stamp: FloodStamp) => void;

/** Timers of the flood, injectable so a test can drive a paced flood with a fake clock. */
export interface FloodTimers {
  now(): number;
  /** Epoch ms (may be fractional) written into each event as the send time. */
  epochMs(): number;
  /** Returns a cancel function. */
  later(fn: () => void, ms: number): () => void;
  /** Next event-loop turn, after pending I/O; returns a cancel function. */
  soon(fn: () => void): () => void;
}

export const realFloodTimers: FloodTimers = {
  now: () => performance.now(),
  epochMs: () => performance.timeOrigin + performance.now(),
  later: (fn, ms) => { const handle = setTimeout(fn, ms); return () => clearTimeout(handle); },
  soon: (fn) => { const handle = setImmediate(fn); return () => clearImmediate(handle); },
};

export const FLOOD_DEFAULTS = { rate: 'max' as FloodRate, count: 10_000, size: 256, batch: 500 };
/** Paced floods wake at most this often and send whatever is due (keeps timer churn low at high rates). */
const PACED_TICK_MS = 10;

export function startFlood(
  conversationId: string, emit: FloodEmitter, padding: string, options: FloodOptions, timers: FloodTimers = realFloodTimers,
): FloodHandle {
  const rate = options.rate ?? FLOOD_DEFAULTS.rate;
  const count = options.count ?? FLOOD_DEFAULTS.count;
  const batch = Math.max(1, options.batch ?? FLOOD_DEFAULTS.batch);
  if (rate !== 'max' && !(rate > 0)) throw new Error(`flood rate must be > 0 or "max", got ${String(rate)}`);
  if (!Number.isInteger(count) || count < 0) throw new Error(`flood count must be a non-negative integer, got ${count}`);
  const started = timers.now();
  let sent = 0;
  let stopped = false;
  let cancelPending: (() => void) | undefined;
  let resolveDone!: (result: FloodResult) => void;
  const done = new Promise<FloodResult>((resolve) => { resolveDone = resolve; });

  const finish = (): void => {
    const elapsedMs = timers.now() - started;
    resolveDone({ conversationId, sent, stopped, elapsedMs, eventsPerSecond: elapsedMs > 0 ? (sent / elapsedMs) * 1000 : sent });
  };
  const sendUpTo = (target: number): void => {
    const end = Math.min(count, target);
    while (sent < end) {
      emit({ index: sent, sentAtMs: timers.epochMs(), padding });
      sent += 1;
    }
  };
  const tick = (): void => {
    cancelPending = undefined;
    if (stopped) return;
    if (rate === 'max') sendUpTo(sent + batch);
    // Due = everything whose slot has started: event i is due at i / rate seconds.
    else sendUpTo(Math.floor(((timers.now() - started) * rate) / 1000) + 1);
    if (sent >= count) return finish();
    if (rate === 'max') cancelPending = timers.soon(tick);
    else cancelPending = timers.later(tick, Math.min(PACED_TICK_MS, Math.max(1, 1000 / rate)));
  };
  tick();

  return {
    conversationId,
    get sent() { return sent; },
    done,
    stop() {
      if (stopped || sent >= count) return;
      stopped = true;
      cancelPending?.();
      finish();
    },
  };
}

/** Filler that brings an event whose other fields serialise to `baseBytes` up to about `size` bytes. */
export function paddingFor(size: number, baseBytes: number): string {
  return 'x'.repeat(Math.max(0, Math.floor(size) - baseBytes));
}
