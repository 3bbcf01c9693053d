import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { ClientFrames } from './client-frames';
import { authKeyOf } from './inbound';

export type HandshakeAuth = 'open' | 'accepted' | 'rejected' | 'needs-first-message';

/**
 * §1.3 step 1: a key in the query or header is checked before the upgrade. Without one, a server
 * with first-message auth waits for the auth frame; an older one refuses the handshake.
 */
export function handshakeAuth(keys: readonly string[], url: URL, request: IncomingMessage, firstMessageAuth: boolean): HandshakeAuth {
  if (keys.length === 0) return 'open';
  const header = request.headers['x-session-api-key'];
  const supplied = url.searchParams.get('session_api_key') ?? (typeof header === 'string' ? header : null);
  if (supplied === null) return firstMessageAuth ? 'needs-first-message' : 'rejected';
  return keys.includes(supplied) ? 'accepted' : 'rejected';
}

/**
 * §1.3 step 2: waits for the first text frame to be a valid auth frame.
 * Resolves true when authenticated (the frames behind it wait in `frames` for the socket's
 * handler); otherwise closes 4001 and resolves false.
 */
export function awaitFirstMessageAuth(socket: WebSocket, frames: ClientFrames, keys: readonly string[], deadlineMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const finish = (ok: boolean): void => {
      clearTimeout(timer);
      frames.pause();
      socket.off('close', onClose);
      if (!ok && socket.readyState === socket.OPEN) socket.close(4001, 'Authentication failed');
      resolve(ok);
    };
    const onClose = (): void => finish(false);
    const timer = setTimeout(() => finish(false), deadlineMs);
    socket.on('close', onClose);
    frames.read((data, isBinary) => {
      const key = isBinary ? null : authKeyOf(data.toString('utf8'));
      finish(key !== null && keys.includes(key));
    });
  });
}
