/**
 * Host permission for servers the manifest does not grant at install (all but http loopback).
 * Chrome only grants it when the request is made synchronously inside the user gesture, so
 * callers invoke this in the click handler.
 */
export type RequestPermission = (request: { origins: string[] }) => Promise<boolean>;

/**
 * Exactly the manifest's `host_permissions` (any port): only these are granted at install.
 * `[::1]` or `https://localhost` skipped the request and then failed without site access.
 */
const GRANTED_AT_INSTALL = new Set(['http://localhost', 'http://127.0.0.1']);

export function needsHostPermission(serverUrl: string): boolean {
  try {
    const url = new URL(serverUrl);
    return !GRANTED_AT_INSTALL.has(`${url.protocol}//${url.hostname}`);
  } catch { return false; }
}

/**
 * Scheme and host, every port: Firefox refuses a match pattern with a port (bugs 1362809,
 * 1468162), and Chrome reads a pattern without one as any port, as the manifest's loopback
 * patterns are. The request names the same host either way.
 */
export function originPattern(serverUrl: string): string {
  const url = new URL(serverUrl);
  return `${url.protocol}//${url.hostname}/*`;
}

/**
 * Requests permission synchronously (no await before the call). `requestPermission`
 * undefined means the browser cannot ask from here (Firefox DevTools panel, Bugzilla 1796933).
 */
export function requestHostPermission(
  serverUrl: string,
  requestPermission: RequestPermission | undefined,
): Promise<{ granted: boolean; reason?: string }> {
  if (!needsHostPermission(serverUrl)) return Promise.resolve({ granted: true });
  if (!requestPermission) {
    return Promise.resolve({
      granted: false,
      reason: 'This browser cannot ask for site access from a DevTools panel; open the panel as a tab to grant it.',
    });
  }
  return requestPermission({ origins: [originPattern(serverUrl)] }).then(
    (granted) => (granted ? { granted } : { granted, reason: `Access to ${new URL(serverUrl).origin} was not granted.` }),
    (error: Error) => ({ granted: false, reason: error.message }),
  );
}
