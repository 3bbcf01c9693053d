import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { Server as SocketIoServer, type Socket } from 'socket.io';
import type { ServerContext } from '../context';
import type { LiveSocket } from '../live-sockets';
import { nextTurn } from '../socket-common';
import type { V0Event, V0EventLog, V0Signal } from './v0-log';
import { readV0Query, V0_REFUSALS } from './v0-query';
import { liveForm, replayPage } from './v0-replay';
import { handleV0UserAction, type V0ActionDeps } from './v0-user-action';

/** python-socketio's max_http_buffer_size on the real server (§5.1). */
const MAX_HTTP_BUFFER_BYTES = 4 * 1024 * 1024;

export interface V0SocketServer {
  readonly io: SocketIoServer;
  /** Connects left unanswered (keys configured, no session_api_key): the client waits until its transport dies. */
  unanswered(): number;
  close(): Promise<void>;
}

/**
 * V0 Socket.IO at `{prefix}/socket.io` on the shared HTTP server (§5): refusals in the
 * `connect` handler, replay by `latest_event_id` with the real skip rules, then live `oh_event`s.
 */
export function attachV0SocketServer(ctx: ServerContext, httpServer: HttpServer, log: V0EventLog, actions: Omit<V0ActionDeps, 'log'>): V0SocketServer {
  const io = new SocketIoServer(httpServer, {
    path: `${ctx.pathPrefix}/socket.io`,
    cors: { origin: '*' },
    maxHttpBufferSize: MAX_HTTP_BUFFER_BYTES,
    pingInterval: ctx.knobs.v0PingIntervalMs,
    pingTimeout: ctx.knobs.v0PingTimeoutMs,
    // The V1 sockets share this server's upgrade event: never end upgrades that are not ours.
    destroyUpgrade: false,
    // A paused or deleted sandbox: the proxy answers the handshake itself (the client sees "websocket error").
    allowRequest: (req, callback) => {
      const id = new URL(req.url ?? '/', 'http://localhost').searchParams.get('conversation_id');
      const status = id ? ctx.store.get(id)?.sandboxStatus : undefined;
      callback(status === 'PAUSED' || status === 'MISSING' ? 'Not Found' : null, !(status === 'PAUSED' || status === 'MISSING'));
    },
  });

  // upgrade.ts leaves every */socket.io* path to us; one that is not ours (e.g. the prefix missing) must not hang.
  const ownPath = `${ctx.pathPrefix}/socket.io/`;
  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname.includes('/socket.io') && !pathname.startsWith(ownPath)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    }
  });

  let unanswered = 0;
  io.use((socket, next) => {
    const query = readV0Query(socket.handshake.query);
    if (query.conversationId === null) return next(new Error(V0_REFUSALS.noConversationId));
    if (ctx.sessionApiKeys.length > 0) {
      // Real server: a missing parameter raises inside the handler; the client gets no answer and times out.
      if (query.sessionApiKey === null) {
        unanswered += 1;
        socket.conn.once('close', () => { unanswered -= 1; });
        return;
      }
      if (!ctx.sessionApiKeys.includes(query.sessionApiKey)) return next(new Error(V0_REFUSALS.invalidKey));
    }
    const conversation = ctx.store.get(query.conversationId);
    if (conversation?.generation !== 'v0') return next(new Error(V0_REFUSALS.unknownConversation(query.conversationId)));
    socket.data.conversationId = conversation.id;
    socket.data.latestEventId = query.latestEventId;
    next();
  });

  const deps: V0ActionDeps = { log, ...actions };
  io.on('connection', (socket) => void serveV0Socket(ctx, log, deps, socket));
  return {
    io,
    unanswered: () => unanswered,
    // Not io.close(): that would also close the shared HTTP server, which index.ts owns.
    close: async () => {
      io.disconnectSockets(true);
      io.engine.close();
    },
  };
}

async function serveV0Socket(ctx: ServerContext, log: V0EventLog, deps: V0ActionDeps, socket: Socket): Promise<void> {
  const conversationId = socket.data.conversationId as string;
  const emit = (payload: unknown): void => emitBounded(ctx, socket, payload);
  const unregister = ctx.registry.register(conversationId, liveSocketOfV0(socket));
  let unsubscribe = (): void => undefined;
  socket.on('disconnect', () => { unsubscribe(); unregister(); });
  for (const name of ['oh_user_action', 'oh_action']) {
    socket.on(name, (payload: unknown) => void handleV0UserAction(deps, conversationId, payload));
  }
  await replay(ctx, log, socket, conversationId, socket.data.latestEventId as number, emit);
  if (socket.disconnected) return;
  // Join the room only after the replay (#8818); the last page was read in this same turn, so nothing falls between.
  unsubscribe = log.subscribe(conversationId, (signal: V0Signal) => emit(signal.type === 'event' ? liveForm(signal.event) : signal.payload));
}

/** Pages through the log to its current end, skipping and holding back as §5.3 describes. */
async function replay(ctx: ServerContext, log: V0EventLog, socket: Socket, conversationId: string, latestEventId: number, emit: (payload: unknown) => void): Promise<void> {
  let after = latestEventId;
  let held: V0Event | null = null;
  for (;;) {
    const page = log.after(conversationId, after, ctx.knobs.replayPageSize);
    if (page.length === 0) break;
    const planned = replayPage(page, held);
    held = planned.held;
    for (const event of planned.emit) emit(event);
    after = page[page.length - 1]?.id ?? after;
    await nextTurn(ctx.knobs.replayPageDelayMs);
    if (socket.disconnected) return;
  }
  if (held) emit(held);
}

/** Engine.IO queues packets while the transport writes; past the bound the process protects itself by dropping the socket. */
function emitBounded(ctx: ServerContext, socket: Socket, payload: unknown): void {
  if (socket.disconnected) return;
  const queued = (socket.conn as unknown as { writeBuffer?: unknown[] }).writeBuffer?.length ?? 0;
  if (queued > ctx.knobs.v0MaxQueuedPackets) return dropTransport(socket);
  socket.emit('oh_event', payload);
}

/** Abrupt loss: the TCP connection goes away without a close frame or a Socket.IO disconnect packet. */
function dropTransport(socket: Socket): void {
  const raw = (socket.conn as unknown as { transport?: { socket?: { terminate?: () => void } } }).transport?.socket;
  if (raw?.terminate) raw.terminate();
  else socket.conn.close();
}

function liveSocketOfV0(socket: Socket): LiveSocket {
  return {
    generation: 'v0-socketio',
    drop: () => dropTransport(socket),
    // Socket.IO has no close codes: the server disconnects the socket (client: "io server disconnect").
    close: () => { socket.disconnect(true); },
    // Malformed payloads on `oh_event`: JSON text is sent parsed, other text as a bare string, bytes as a binary attachment.
    sendRaw: (data) => {
      if (socket.disconnected) return;
      if (typeof data !== 'string') return void socket.emit('oh_event', data);
      try {
        socket.emit('oh_event', JSON.parse(data));
      } catch {
        socket.emit('oh_event', data);
      }
    },
  };
}
