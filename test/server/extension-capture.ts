/**
 * Captures a conversation with the extension's own connection code (adapters, resume,
 * event log) in Node: the "capture" half of the capture → replay → capture-again checks.
 */
import { io } from 'socket.io-client';
import { WebSocket } from 'ws';
import type { Clock, ConversationSink, WebSocketLike } from '../../src/background/contracts';
import { createWiredConnection } from '../../src/background/conversation-socket-factory';
import { EventLog } from '../../src/background/event-log';
import type { Generation } from '../../src/shared/protocol/generation';
import type { LogRecord } from '../../src/shared/record';

const realClock: Clock = { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h) };

export interface Capture {
  log: EventLog;
  records: () => LogRecord[];
  stop: () => void;
}

export function captureWithExtensionCode(serverUrl: string, conversationId: string, protocol: Generation): Capture {
  const log = new EventLog({ conversationKey: `${serverUrl}#${conversationId}`, protocol, now: () => Date.now() });
  const sink: ConversationSink = Object.assign(log, { statusChanged: () => undefined });
  const connection = createWiredConnection({
    target: { serverUrl, conversationId, protocol }, sink, clock: realClock,
    fetch: (input, init) => fetch(input, init),
    createWebSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
    createSocketIo: (origin, options) => io(origin, options),
    getSessionKey: async () => undefined,
  });
  connection.start();
  return { log, records: () => log.since(-Infinity), stop: () => connection.dispose() };
}
