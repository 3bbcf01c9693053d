/**
 * Host permission for servers the manifest does not grant at install (all but http loopback).
 * Chrome only grants it when the request is made synchronously inside the user gesture, so
 * callers invoke this in the click handler.
 */
import { originPattern } from '../../shared/site-access';

export type RequestPermission = (request: { origins: string[] }) => Promise<boolean>;
/**
 * Whether the extension already holds site access for a server, asked of the background: a
 * Firefox DevTools panel has no `permissions` API of its own, but access granted from a tab counts there too.
 */
export type HasSiteAccess = (serverUrl: string) => Promise<boolean>;

export interface SiteAccessSeam {
  /** `permissions.request` bound; undefined where the panel cannot ask (Firefox DevTools, Bugzilla 1796933). */
  request?: RequestPermission;
  /** The background's `permissions.contains`; what a panel that cannot ask relies on. */
  has?: HasSiteAccess;
}

export type SiteAccessAnswer = { granted: boolean; reason?: string };

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

const CANNOT_ASK_HERE = 'This browser cannot ask for site access from a DevTools panel; open the panel as a tab to grant it.';

/**
 * Requests permission synchronously (no await before the call) where the panel can ask. Where
 * it cannot (a Firefox DevTools panel), access granted earlier (from a tab) is found by asking
 * the background, and only missing access is refused: every non-loopback server used to be.
 */
export function ensureHostPermission(serverUrl: string, access: SiteAccessSeam): Promise<SiteAccessAnswer> {
  if (!needsHostPermission(serverUrl)) return Promise.resolve({ granted: true });
  if (access.request) {
    return access.request({ origins: [originPattern(serverUrl)] }).then(
      (granted) => (granted ? { granted } : { granted, reason: `Access to ${new URL(serverUrl).origin} was not granted.` }),
      (error: Error) => ({ granted: false, reason: error.message }),
    );
  }
  if (!access.has) return Promise.resolve({ granted: false, reason: CANNOT_ASK_HERE });
  return access.has(serverUrl).then(
    (held) => (held ? { granted: true } : { granted: false, reason: CANNOT_ASK_HERE }),
    (error: Error) => ({ granted: false, reason: `Could not check site access for ${new URL(serverUrl).origin}: ${error.message}` }),
  );
}
