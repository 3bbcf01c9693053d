import type { WebSocket } from 'ws';
import type { LiveSocket } from './live-sockets';

/** Wraps a ws socket for the live-socket registry. */
export function liveSocketOf(socket: WebSocket, generation: LiveSocket['generation']): LiveSocket {
  return {
    generation,
    drop: () => socket.terminate(),
    close: (code, reason) => socket.close(code, reason),
    sendRaw: (data) => {
      if (socket.readyState === socket.OPEN) socket.send(data, { binary: typeof data !== 'string' });
    },
  };
}

export function sendJson(socket: WebSocket, value: unknown): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(value));
}

/** Yields to the event loop (or waits `delayMs`) so live traffic can be produced between replay pages. */
export const nextTurn = (delayMs = 0): Promise<void> =>
  new Promise((resolve) => (delayMs > 0 ? setTimeout(resolve, delayMs) : setImmediate(resolve)));
