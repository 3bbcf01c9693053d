import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { awaitFirstMessageAuth, handshakeAuth } from './auth';
import { ClientFrames } from './client-frames';
import type { ServerContext } from './context';
import { serveEventsSocket, type EventsSocketQuery } from './events-socket';
import { serveSessionSocket } from './session-socket';
import { isUuid } from './store';
import { normaliseToNaiveLocal } from './time';

type Route =
  | { socket: 'events'; id: string; query: EventsSocketQuery }
  | { socket: 'session'; id: string; afterSeq: number | null };

/** Handles the upgrade of the two V1 sockets; other paths (e.g. /socket.io/) are left to other listeners. */
export function createUpgradeHandler(ctx: ServerContext): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: ctx.knobs.maxInboundFrameBytes });
  return (request, socket, head) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = /^\/sockets\/(events|session)\/([^/]+)$/.exec(stripPrefix(ctx.pathPrefix, url.pathname) ?? '');
    const kind = match?.[1] === 'session' ? 'session' : 'events';
    // A V0 app server has no V1 sockets, a server before 1.45.0 no session socket: the handshake fails like any unknown route.
    if (!match || !ctx.features.v1 || (kind === 'session' && !ctx.features.sessionSocket)) {
      if (!url.pathname.includes('/socket.io')) reject(socket, 404);
      return;
    }
    const route = parseRoute(kind, match[2] ?? '', url, ctx.features.resendMode);
    const auth = handshakeAuth(ctx.sessionApiKeys, url, request, ctx.features.firstMessageAuth);
    if (!route || auth === 'rejected') return reject(socket, 403);
    // A paused or deleted sandbox means the runtime host is gone: the proxy answers 404.
    const status = ctx.store.get(route.id)?.sandboxStatus;
    if (status === 'PAUSED' || status === 'MISSING') return reject(socket, 404);
    wss.handleUpgrade(request, socket, head, (ws) => void accept(ctx, ws, route, auth === 'needs-first-message'));
  };
}

async function accept(ctx: ServerContext, ws: WebSocket, route: Route, needsAuth: boolean): Promise<void> {
  ws.on('error', () => ws.terminate());
  // Before any await: frames already received are delivered at once, and must not be lost.
  const frames = new ClientFrames(ws, ctx.knobs.maxInboundFrameBytes);
  if (needsAuth && !(await awaitFirstMessageAuth(ws, frames, ctx.sessionApiKeys, ctx.knobs.authDeadlineMs))) return;
  if (route.socket === 'events') await serveEventsSocket(ctx, ws, frames, route.id, route.query);
  else await serveSessionSocket(ctx, ws, frames, route.id, route.afterSeq);
}

/**
 * Request validation as FastAPI does it before accept; null means "reject the handshake".
 * Without `resendMode` (before 1.14.0) `resend_mode` and `after_timestamp` are unknown, ignored parameters.
 */
function parseRoute(kind: 'events' | 'session', id: string, url: URL, resendMode: boolean): Route | null {
  if (!isUuid(id)) return null;
  const params = url.searchParams;
  if (kind === 'session') {
    const raw = params.get('after_seq');
    if (raw === null) return { socket: 'session', id, afterSeq: null };
    if (!/^-?\d+$/.test(raw) || Number(raw) < -1) return null;
    return { socket: 'session', id, afterSeq: Number(raw) };
  }
  const mode = resendMode ? params.get('resend_mode') : null;
  const rawAfter = resendMode ? params.get('after_timestamp') : null;
  const afterTimestamp = rawAfter === null ? null : normaliseToNaiveLocal(rawAfter);
  if (rawAfter !== null && afterTimestamp === null) return null;
  if (mode !== null && mode !== 'all' && mode !== 'since') return null;
  const resendAll = /^(true|1|yes|on)$/i.test(params.get('resend_all') ?? '');
  const replay = mode ?? (resendAll ? 'all' : 'none');
  return { socket: 'events', id, query: { replay, afterTimestamp: replay === 'since' ? afterTimestamp : null } };
}

export function stripPrefix(prefix: string, pathname: string): string | null {
  if (prefix === '') return pathname;
  if (pathname === prefix) return '/';
  return pathname.startsWith(`${prefix}/`) ? pathname.slice(prefix.length) : null;
}

function reject(socket: Duplex, status: 403 | 404): void {
  const text = status === 403 ? 'Forbidden' : 'Not Found';
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
