/** Panel commands → connection manager calls (getRecord is answered by the port hub). */
import { PANEL_PAGE, panelLink } from '../shared/panel-link';
import type { Command } from '../shared/port/messages';
import type { ConnectionManager } from './connection-manager';
import type { FetchLike } from './contracts';
import { controlOverRest, listConversations, sendMessageOverRest } from './conversation-rest-commands';
import type { HasSiteAccess } from './site-access';

/** The browser facilities commands use, bound by the entry (absent: those commands fail clearly). */
export interface CommandServices {
  fetch?: FetchLike;
  hasSiteAccess?: HasSiteAccess;
  /** Opens one of the extension's pages (a path such as `panel.html?…`) in a new tab. */
  openTab?: (path: string) => Promise<void>;
}

export async function runManagerCommand(manager: ConnectionManager, command: Command, services: CommandServices = {}): Promise<unknown> {
  const { fetch } = services;
  switch (command.name) {
    case 'attach':
      return manager.attach(command.target, command.sessionApiKey, { keepCapturing: command.keepCapturing, policy: command.policy, byPerson: true });
    case 'subscribe':
      return manager.subscribe(command.key);
    case 'unsubscribe':
      return manager.unsubscribe(command.key);
    case 'detach':
      return manager.detach(command.key);
    case 'disconnect':
      return requireConnection(manager, command.key).disconnect();
    case 'reconnectNow':
      return requireConnection(manager, command.key).reconnectNow();
    case 'send': {
      const result = requireConnection(manager, command.key).send(command.frame);
      if (!result.ok) throw new Error(result.error);
      return result.record.seq;
    }
    case 'setKeepCapturing':
      return manager.setKeepCapturing(command.key, command.on);
    case 'listConnections':
      return manager.keys().map((key) => manager.status(key));
    case 'forgetKey':
      return manager.forgetKey(command.key);
    case 'sendRest':
      return sendMessageOverRest(manager.restContext(command.key), command.message, command.run);
    case 'control':
      return controlOverRest(manager.restContext(command.key), command);
    case 'clearLog':
      return manager.clearLog(command.key);
    case 'listConversations':
      if (fetch === undefined) throw new Error('REST is not available in this service worker');
      return listConversations(fetch, command.serverUrl, command.sessionApiKey);
    case 'hasSiteAccess':
      if (services.hasSiteAccess === undefined) throw new Error('site access cannot be checked in this service worker');
      return services.hasSiteAccess(command.serverUrl);
    case 'openPanelTab':
      if (services.openTab === undefined) throw new Error('this service worker cannot open tabs');
      return services.openTab(command.prefill ? panelLink(command.prefill, 'prefill') : PANEL_PAGE);
    default:
      throw new Error(`command ${command.name} is not supported by this service worker yet`);
  }
}

function requireConnection(manager: ConnectionManager, key: string) {
  const connection = manager.connection(key);
  if (connection === undefined) throw new Error(`no connection for ${key}; attach first`);
  return connection;
}
