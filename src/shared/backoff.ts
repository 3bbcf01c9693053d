/** Reconnect policy constants (anchors §E.3). All injectable so tests shorten them. */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
  /** ±fraction of the delay, drawn per attempt (0.5 = ±50 %). */
  jitter: number;
  /** Uptime after which an open socket counts as healthy and the attempt counter resets. */
  minUptimeMs: number;
  /** After this many consecutive failures, retry only every `slowDelayMs`. */
  slowAfterFailures: number;
  slowDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  baseMs: 1000,
  capMs: 15000,
  jitter: 0.5,
  minUptimeMs: 5000,
  slowAfterFailures: 10,
  slowDelayMs: 60000,
};

/** min(cap, base·2^attempt), then jittered by ±jitter using `random` ∈ [0,1). Pure. */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: number): number {
  if (attempt >= policy.slowAfterFailures) return policy.slowDelayMs;
  const exponential = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt));
  const factor = 1 + policy.jitter * (2 * random - 1);
  return Math.max(0, Math.round(exponential * factor));
}
