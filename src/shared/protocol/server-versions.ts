/**
 * Agent-server releases that changed the wire (protocol §0.2), by the `version` of
 * `/server_info`. One list for the extension's `auto`, which picks features by it, and the mock
 * server, which offers them by it.
 */
/** `resend_mode` (`all` | `since` + `after_timestamp`); older servers know only `resend_all` (2026-03-20). */
export const RESEND_MODE_SINCE = [1, 14, 0] as const;
/** First-message auth; older servers take the key only in the handshake (2026-04-23). */
export const FIRST_MESSAGE_AUTH_SINCE = [1, 18, 0] as const;
/** The session socket `/sockets/session/{id}` (2026-09-01). */
export const SESSION_SOCKET_SINCE = [1, 45, 0] as const;

/** `1.2.3`, `v1.2`, `1.45.0rc1` → [major, minor, patch]; undefined when it is not a version. */
export function parseVersion(version: string): number[] | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

export function atLeast(version: readonly number[], floor: readonly number[]): boolean {
  for (let i = 0; i < 3; i++) {
    const a = version[i] ?? 0;
    const b = floor[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}
