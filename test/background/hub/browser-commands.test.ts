// Commands the background answers with a browser API a Firefox DevTools panel lacks:
// `hasSiteAccess` (`permissions.contains` for the server's host on every port) and
// `openPanelTab` (`tabs.create` of the panel with the Attach form filled, never the key).
import { expect, it, vi } from 'vitest';
import type { ConnectionManager } from '../../../src/background/connection-manager';
import { runManagerCommand } from '../../../src/background/connection-manager-commands';
import { siteAccessChecker } from '../../../src/background/site-access';
import { parseDeepLink } from '../../../src/panel/deep-link';
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

it('refuses clearly where no check or tab opener is wired', async () => {
  await expect(runManagerCommand(noManager, { name: 'hasSiteAccess', serverUrl: 'http://agent.test:8000' })).rejects.toThrow(/site access cannot be checked/);
  await expect(runManagerCommand(noManager, { name: 'openPanelTab' })).rejects.toThrow(/cannot open tabs/);
});

it('opens the panel in a tab with the Attach form filled from the typed target, and no key even if one is sent along', async () => {
  const openTab = vi.fn(async () => undefined);
  const message = PanelToBackgroundSchema.parse({ type: 'command', requestId: '2', command: {
    name: 'openPanelTab', prefill: { serverUrl: 'http://agent.test:8000/runtime/x/', conversationId: 'abc', protocol: 'v1-session', sessionApiKey: 'sk-never' },
  } });
  if (message.type !== 'command') throw new Error('not a command');
  await runManagerCommand(noManager, message.command, { openTab });
  const [path] = openTab.mock.calls[0] as unknown as [string];
  expect(path).not.toContain('sk-never');
  expect(parseDeepLink(path.slice(path.indexOf('?')))).toEqual({
    ok: true, prefill: true, target: { serverUrl: 'http://agent.test:8000/runtime/x', conversationId: 'abc', protocol: 'v1-session' },
  });
  await runManagerCommand(noManager, { name: 'openPanelTab' }, { openTab });
  expect(openTab).toHaveBeenLastCalledWith('panel.html');
});
