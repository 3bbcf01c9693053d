import type { ConversationSink } from '../contracts';
import type { Generation } from '../../shared/protocol/generation';
import { emptyState, reduceState } from '../../shared/conversation-state';
import { tapSink } from './sink-tap';

/**
 * Whether the agent runs, from the frames the connection receives, for the liveness check: no
 * server sends a heartbeat (protocol §1.8), so a socket half-open while the agent runs is found
 * only by its silence. The check asked an `isRunning` nobody supplied, so it never fired.
 * Only frames that can carry the execution status are parsed (`execution_status`, alone or
 * inside `full_state`): the SW parses no other frame here. V1 only: V0's Socket.IO has its own
 * heartbeat (Engine.IO pings), and a V0 command running for minutes is no dead socket.
 */
export class ExecutionWatch {
  private status: string | undefined;

  /** `generation`: the V1 generation in use; undefined (V0, or not resolved yet) watches nothing. */
  constructor(private readonly generation: () => Exclude<Generation, 'v0-socketio'> | undefined) {}

  running(): boolean {
    return this.status === 'running';
  }

  note(raw: string): void {
    const protocol = this.generation();
    if (protocol === undefined || !raw.includes('execution_status')) return;
    const base = { ...emptyState(), ...(this.status !== undefined ? { executionStatus: this.status } : {}) };
    const next = reduceState(base, {
      raw, rawEncoding: 'text', validity: 'ok', size: raw.length, frameType: 'event', category: 'state', summary: '',
      seq: 0, conversationKey: '', direction: 'in', receivedAt: 0, protocol,
    });
    this.status = next.executionStatus;
  }

  /** The sink, with every text frame from the socket looked at. */
  wrap(sink: ConversationSink): ConversationSink {
    return tapSink(sink, { inbound: (frame, via) => { if (via === 'socket' && frame.rawEncoding === 'text') this.note(frame.raw); } });
  }
}
