import { DEFAULT_BACKOFF, type BackoffPolicy } from '../shared/backoff';

/** Timing knobs of one conversation socket (anchors §E.3); tests shorten them. */
export interface SocketPolicy extends BackoffPolicy {
  handshakeTimeoutMs: number;
  /** How often `/alive` is probed while waiting in backoff. */
  probeIntervalMs: number;
  /** No frame for this long while the agent runs → probe and reconnect. */
  livenessMs: number;
  /** Minimum wait after a 1013 (try again later / subscriber cap). */
  tryAgainLaterMs: number;
}

export const DEFAULT_SOCKET_POLICY: SocketPolicy = {
  ...DEFAULT_BACKOFF,
  handshakeTimeoutMs: 10000,
  // A server back from an outage is found within a second even when the backoff is at its
  // cap (the 30 s outage bench measured 1.6 s to open at 2 s); one tiny GET per second.
  probeIntervalMs: 1000,
  livenessMs: 45000,
  tryAgainLaterMs: 30000,
};

export type CloseVerdict = 'failed' | 'slow-retry' | 'retry';

/** 4001 auth, 4004 unknown conversation, 1008 policy: retrying cannot help. */
export function closeVerdict(code: number): CloseVerdict {
  if (code === 4001 || code === 4004 || code === 1008) return 'failed';
  if (code === 1013) return 'slow-retry';
  return 'retry';
}

/**
 * Why a connection without a key stopped: the server asked for one. One wording for every
 * way we learn it (the socket's 4001, a REST 401/403), so the person sees one instruction.
 */
export function keyMissingCause(evidence: string): string {
  return `the server needs a session key (${evidence}): attach again with the key`;
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

/** Offline pause applies to remote servers only: loopback stays reachable offline. */
export function isLoopback(serverUrl: string): boolean {
  try {
    return LOOPBACK.test(new URL(serverUrl).hostname);
  } catch {
    return false;
  }
}
