/**
 * Site access (host permission) for the server the person lists or attaches to. Chrome only
 * grants it when the request is made synchronously inside the user gesture, so callers invoke
 * this in the click handler.
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

const CANNOT_ASK_HERE = 'This browser cannot ask for site access from a DevTools panel; open the panel as a tab to grant it.';

/**
 * Asks for access to every server, loopback included: Firefox lets a person switch off even
 * the manifest's loopback access (about:addons → Permissions), and a request for access already
 * held answers at once without a prompt. Called synchronously (no await before the request).
 * Where the panel cannot ask (a Firefox DevTools panel), or the browser refuses to ask outside a
 * real click, access granted earlier is found by asking the background; only missing access is
 * refused.
 */
export function ensureHostPermission(serverUrl: string, access: SiteAccessSeam): Promise<SiteAccessAnswer> {
  const origin = new URL(serverUrl).origin;
  const heldAlready = (missing: string): Promise<SiteAccessAnswer> => (access.has ? access.has(serverUrl).then(
    (held) => (held ? { granted: true } : { granted: false, reason: missing }),
    (error: Error) => ({ granted: false, reason: `Could not check site access for ${origin}: ${error.message}` }),
  ) : Promise.resolve({ granted: false, reason: missing }));
  if (!access.request) return heldAlready(CANNOT_ASK_HERE);
  return access.request({ origins: [originPattern(serverUrl)] }).then(
    (granted) => (granted ? { granted } : { granted, reason: `Access to ${origin} was not granted.` }),
    (error: Error) => heldAlready(error.message),
  );
}
