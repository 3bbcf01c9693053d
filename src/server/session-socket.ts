import type { WebSocket } from 'ws';
import type { ClientFrames } from './client-frames';
import type { ServerContext } from './context';
import { fullStateEvent } from './full-state';
import { parseInbound } from './inbound';
import { liveSocketOf, nextTurn } from './socket-common';
import type { ConversationSignal } from './store';

/**
 * §1.10: subscribe buffering → sync → replay (after_seq, through_seq] → flush without duplicates → live.
 * The `full_state` snapshot that subscribing pushes lands in the buffer, so it follows the replayed history.
 */
export async function serveSessionSocket(ctx: ServerContext, socket: WebSocket, frames: ClientFrames, conversationId: string, afterSeq: number | null): Promise<void> {
  const conversation = ctx.store.get(conversationId);
  // V0 conversations live only on the Socket.IO endpoint (src/server/v0).
  if (conversation?.generation !== 'v1') return socket.close(4004, 'Conversation not found');
  if (conversation.requiresCredentialBinding) return socket.close(1013, 'credential_binding_activation_required');
  if (conversation.listeners.size >= ctx.knobs.maxSubscribers) return socket.close(1013, 'Too many connections for this conversation');
  const id = conversation.id;
  const send = (frame: object | null): void => sendFrame(ctx, socket, frame);
  const buffer: ConversationSignal[] = [{ type: 'transient', event: ctx.store.complete(fullStateEvent(conversation)) }];
  let buffering = true;
  const unsubscribe = ctx.store.subscribe(id, (signal) => {
    if (!buffering) return send(toFrame(signal));
    buffer.push(signal);
    if (buffer.length > ctx.knobs.maxBufferedDuringReplay) socket.close(1013, 'slow_consumer');
  });
  const unregister = ctx.registry.register(id, liveSocketOf(socket, 'v1-session'));
  socket.on('close', () => { unsubscribe(); unregister(); });
  const throughSeq = ctx.store.throughSeq(id);
  send({ type: 'sync', from_seq: afterSeq, through_seq: throughSeq });
  // After the high-water mark: a message that came in behind the auth frame is live traffic.
  frames.read((data, isBinary) => handleInbound(ctx, socket, id, data, isBinary));
  if (afterSeq !== null && throughSeq !== null) {
    for (let from = afterSeq + 1; from <= throughSeq; from += ctx.knobs.replayPageSize) {
      if (socket.readyState !== socket.OPEN) return;
      const to = Math.min(throughSeq, from + ctx.knobs.replayPageSize - 1);
      for (const { seq, event } of ctx.store.range(id, from, to)) send({ type: 'durable', seq, event });
      await nextTurn(ctx.knobs.replayPageDelayMs);
    }
  }
  buffering = false;
  for (const signal of buffer.splice(0)) {
    if (signal.type === 'durable' && throughSeq !== null && signal.seq <= throughSeq) continue;
    send(toFrame(signal));
  }
}

function toFrame(signal: ConversationSignal): object | null {
  if (signal.type === 'durable') return { type: 'durable', seq: signal.seq, event: signal.event };
  if (signal.type === 'transient') return signal.event.kind === 'StreamingDeltaEvent' ? null : { type: 'transient', event: signal.event };
  return signal;
}

/**
 * Backpressure as the real server: oversized frame or too much queued drops the connection.
 * Frames are dumped with exclude_none: a null field is left out (`sync` of a live-only socket has no `from_seq`).
 */
function sendFrame(ctx: ServerContext, socket: WebSocket, frame: object | null): void {
  if (frame === null || socket.readyState !== socket.OPEN) return;
  const text = JSON.stringify(Object.fromEntries(Object.entries(frame).filter(([, value]) => value !== null)));
  if (Buffer.byteLength(text) > ctx.knobs.maxSessionFrameBytes) return socket.close(1013, 'frame_too_large');
  if (socket.bufferedAmount > ctx.knobs.maxQueuedBytes) return socket.close(1013, 'slow_consumer');
  socket.send(text);
}

function handleInbound(ctx: ServerContext, socket: WebSocket, id: string, data: Buffer, isBinary: boolean): void {
  const result = isBinary
    ? { ok: false as const, code: 'TypeError', detail: 'binary frames are not accepted' }
    : parseInbound(data.toString('utf8'));
  if (!result.ok) return sendFrame(ctx, socket, { type: 'error', code: result.code, detail: result.detail });
  if ('ignored' in result) return;
  ctx.agent.start(id, ctx.store.append(id, result.event));
}
