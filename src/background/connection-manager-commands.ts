/** Panel commands → connection manager calls (getRecord is answered by the port hub). */
import type { Command } from '../shared/port/messages';
import type { ConnectionManager } from './connection-manager';

export async function runManagerCommand(manager: ConnectionManager, command: Command): Promise<unknown> {
  switch (command.name) {
    case 'attach':
      return manager.attach(command.target, command.sessionApiKey, { keepCapturing: command.keepCapturing });
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
    default:
      throw new Error(`command ${command.name} is not supported by this service worker yet`);
  }
}

function requireConnection(manager: ConnectionManager, key: string) {
  const connection = manager.connection(key);
  if (connection === undefined) throw new Error(`no connection for ${key}; attach first`);
  return connection;
}
