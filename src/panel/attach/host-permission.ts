/**
 * Host permission for non-loopback servers. Chrome only grants it when the request is
 * made synchronously inside the user gesture, so callers invoke this in the click handler.
 */
export type RequestPermission = (request: { origins: string[] }) => Promise<boolean>;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function needsHostPermission(serverUrl: string): boolean {
  try { return !LOOPBACK.has(new URL(serverUrl).hostname); } catch { return false; }
}

export function originPattern(serverUrl: string): string {
  return `${new URL(serverUrl).origin}/*`;
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
