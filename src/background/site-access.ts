/**
 * Site access (host permission) as the background sees it. The entry binds the browser's
 * `permissions.contains`; the logic here gets only that function, so tests pass a fake.
 */
import { originPattern } from '../shared/site-access';

/** `permissions.contains` as the background uses it. */
export type ContainsPermissions = (permissions: { origins: string[] }) => Promise<boolean>;

/** Whether the extension may reach a server's host (every port), e.g. granted from a panel tab. */
export type HasSiteAccess = (serverUrl: string) => Promise<boolean>;

export function siteAccessChecker(contains: ContainsPermissions): HasSiteAccess {
  return (serverUrl) => contains({ origins: [originPattern(serverUrl)] });
}
