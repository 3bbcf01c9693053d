/**
 * Site access (host permission) as the background sees it. The entry binds the browser's
 * `permissions.contains`; the logic here gets only that function, so tests pass a fake.
 */
import { originPattern } from '../shared/site-access';
import type { FetchLike } from './contracts';
import { RestError } from './rest';

/** `permissions.contains` as the background uses it. */
export type ContainsPermissions = (permissions: { origins: string[] }) => Promise<boolean>;

/** Whether the extension may reach a server's host (every port), e.g. granted from a panel tab. */
export type HasSiteAccess = (serverUrl: string) => Promise<boolean>;

export function siteAccessChecker(contains: ContainsPermissions): HasSiteAccess {
  return (serverUrl) => contains({ origins: [originPattern(serverUrl)] });
}

/** A request the browser refused because the extension's site access for that server is off. */
export class SiteAccessOff extends RestError {
  constructor(readonly origin: string) {
    super(`site access for ${origin} is off, so the browser blocks the extension's requests to it. Allow it (Attach in the `
      + 'panel asks for it; or Firefox: about:addons → Conversation DevTools → Permissions; Chrome: the extension\'s Details → '
      + 'Site access), then Retry', undefined, false, true);
  }
}

/**
 * `fetch` that tells missing site access from a server that is down. Both fail the same way
 * (a CORS refusal is a bare "NetworkError"), and Firefox lets a person switch off even the
 * manifest's loopback access (about:addons → Permissions): the connection then retried for
 * ever with "the server did not answer". So a request that fails at the network level (not
 * by our own timeout) asks whether access is held, and throws SiteAccessOff when it is not.
 */
export function fetchNoticingSiteAccess(fetch: FetchLike, hasSiteAccess: HasSiteAccess): FetchLike {
  return async (input, init) => {
    try {
      return await fetch(input, init);
    } catch (error) {
      if (init?.signal?.aborted) throw error;
      const origin = new URL(input).origin;
      // Unknown (the check itself failed) is not "off": the request's own error stands.
      if (await hasSiteAccess(origin).catch(() => true)) throw error;
      throw new SiteAccessOff(origin);
    }
  };
}
