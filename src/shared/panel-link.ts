/**
 * The panel's deep link (architecture §8), built: `panel.html?server=…&conversation=…&protocol=…`.
 * `prefill` fills the Attach form instead of attaching, so the tab waits for the person's Attach
 * click, which is what may ask for site access. Never a key: it is not part of a target.
 */
import type { ConnectionTarget } from './connection';

export const PANEL_PAGE = 'panel.html';

export function panelLink(target: ConnectionTarget, mode: 'attach' | 'prefill'): string {
  const query = new URLSearchParams({ server: target.serverUrl, conversation: target.conversationId, protocol: target.protocol });
  if (mode === 'prefill') query.set('prefill', '1');
  return `${PANEL_PAGE}?${query.toString()}`;
}
