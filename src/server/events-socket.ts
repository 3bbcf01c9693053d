import type { WebSocket } from 'ws';
import type { ClientFrames } from './client-frames';
import type { ServerContext } from './context';
import { fullStateEvent } from './full-state';
import { parseInbound } from './inbound';
import { liveSocketOf, nextTurn, sendJson } from './socket-common';
import type { ConversationSignal, EventJson } from './store';

export interface EventsSocketQuery {
  replay: 'none' | 'all' | 'since';
  /** Normalised naive-local after_timestamp; null with `since` means nothing is replayed. */
  afterTimestamp: string | null;
}

/** §1.4: subscribe first (full_state), then replay, then read client frames until disconnect. */
export async function serveEventsSocket(ctx: ServerContext, socket: WebSocket, frames: ClientFrames, conversationId: string, query: EventsSocketQuery): Promise<void> {
  const conversation = ctx.store.get(conversationId);
  // V0 conversations live only on the Socket.IO endpoint (src/server/v0).
  if (conversation?.generation !== 'v1') return socket.close(4004, 'Conversation not found');
  if (conversation.requiresCredentialBinding) return socket.close(1013, 'credential_binding_activation_required');
  if (conversation.listeners.size >= ctx.knobs.maxSubscribers) return socket.close(1013, 'Too many connections for this conversation');
  const id = conversation.id;
  const replaying = { active: true, buffered: [] as EventJson[] };
  const forward = (signal: ConversationSignal): void => {
    if (signal.type !== 'durable' && signal.type !== 'transient') return;
    if (replaying.active && !ctx.knobs.interleaveReplay) {
      replaying.buffered.push(signal.event);
      if (replaying.buffered.length > ctx.knobs.maxBufferedDuringReplay) socket.terminate();
    } else send(ctx, socket, signal.event);
  };
  const unsubscribe = ctx.store.subscribe(id, forward);
  const unregister = ctx.registry.register(id, liveSocketOf(socket, 'v1-events'));
  socket.on('close', () => { unsubscribe(); unregister(); });
  sendJson(socket, ctx.store.complete(fullStateEvent(conversation)));
  // After the snapshot, so a message that came in behind the auth frame is echoed after it.
  frames.read((data, isBinary) => handleInbound(ctx, socket, id, data, isBinary));
  const replayed = await replay(ctx, socket, id, query);
  replaying.active = false;
  for (const event of replaying.buffered.splice(0)) if (!replayed.has(event.id)) send(ctx, socket, event);
}

/** The real events socket has no queue limit; the mock still bounds its memory by dropping the socket. */
function send(ctx: ServerContext, socket: WebSocket, event: EventJson): void {
  if (socket.bufferedAmount > ctx.knobs.maxEventsSocketQueuedBytes) return socket.terminate();
  sendJson(socket, event);
}

/**
 * Pages through the log up to its *current* end each time, as the real server does: an event
 * published during the replay can therefore arrive live and again from the replay (§1.4).
 * Returns the ids replayed, so a non-interleaving flush can skip them.
 */
async function replay(ctx: ServerContext, socket: WebSocket, id: string, query: EventsSocketQuery): Promise<Set<string>> {
  const replayed = new Set<string>();
  if (query.replay === 'none' || (query.replay === 'since' && query.afterTimestamp === null)) return replayed;
  const after = query.afterTimestamp;
  for (let from = 0; from <= (ctx.store.throughSeq(id) ?? -1); from += ctx.knobs.replayPageSize) {
    if (socket.readyState !== socket.OPEN) return replayed;
    for (const { event } of ctx.store.range(id, from, from + ctx.knobs.replayPageSize - 1)) {
      if (after !== null && event.timestamp < after) continue;
      replayed.add(event.id);
      send(ctx, socket, event);
    }
    await nextTurn(ctx.knobs.replayPageDelayMs);
  }
  return replayed;
}

function handleInbound(ctx: ServerContext, socket: WebSocket, id: string, data: Buffer, isBinary: boolean): void {
  const result = isBinary
    ? { ok: false as const, code: 'TypeError', detail: 'binary frames are not accepted' }
    : parseInbound(data.toString('utf8'), { authFrames: ctx.features.firstMessageAuth });
  if (!result.ok) {
    sendJson(socket, ctx.store.complete({ kind: 'ServerErrorEvent', source: 'environment', code: result.code, detail: result.detail }));
    return;
  }
  if ('ignored' in result) return;
  const event = ctx.store.append(id, result.event);
  ctx.agent.start(id, event);
}
