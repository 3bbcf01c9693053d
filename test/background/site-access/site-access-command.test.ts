// `hasSiteAccess`: the panel asks the background (a Firefox DevTools panel has no `permissions`),
// which answers with `permissions.contains` for the server's host on every port.
import { expect, it, vi } from 'vitest';
import type { ConnectionManager } from '../../../src/background/connection-manager';
import { runManagerCommand } from '../../../src/background/connection-manager-commands';
import { siteAccessChecker } from '../../../src/background/site-access';
import { PanelToBackgroundSchema } from '../../../src/shared/port/messages';

const noManager = {} as ConnectionManager;

it('answers from permissions.contains for the host pattern the panel requests', async () => {
  const contains = vi.fn(async ({ origins }: { origins: string[] }) => origins[0] === 'http://agent.test/*');
  const services = { hasSiteAccess: siteAccessChecker(contains) };
  const command = PanelToBackgroundSchema.parse({ type: 'command', requestId: '1', command: { name: 'hasSiteAccess', serverUrl: 'http://agent.test:8000/runtime/x' } });
  if (command.type !== 'command') throw new Error('not a command');
  expect(await runManagerCommand(noManager, command.command, services)).toBe(true);
  expect(contains).toHaveBeenCalledWith({ origins: ['http://agent.test/*'] });
  expect(await runManagerCommand(noManager, { name: 'hasSiteAccess', serverUrl: 'https://other.example.com' }, services)).toBe(false);
});

it('refuses clearly where no check is wired', async () => {
  await expect(runManagerCommand(noManager, { name: 'hasSiteAccess', serverUrl: 'http://agent.test:8000' })).rejects.toThrow(/site access cannot be checked/);
});
