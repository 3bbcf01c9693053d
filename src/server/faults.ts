import { text } from './demo-events';
import type { LiveSocketRegistry } from './live-sockets';
import type { ConversationStore } from './store';

/** The size of the `binary-large` frame. */
export const BINARY_LARGE_BYTES = 8_192;

export type MalformedKind = 'non-json' | 'invalid-event' | 'binary' | 'binary-large' | 'huge';

/**
 * What a close frame can carry (RFC 6455 §7.4, as `ws` checks it): 1000–1014 except 1004–1006,
 * which are reserved and never sent (1006 is what a client reports when no close frame came:
 * the `drop` fault), and 3000–4999; a reason of at most 123 UTF-8 bytes.
 */
export function closeFrameProblem(code: number, reason: string): string | undefined {
  const sendable = (code >= 1000 && code <= 1014 && (code < 1004 || code > 1006)) || (code >= 3000 && code <= 4999);
  if (!Number.isInteger(code) || !sendable) return `close code ${code} cannot be sent in a close frame (use 1000–1003, 1007–1014 or 3000–4999; 'drop' for 1006)`;
  if (Buffer.byteLength(reason) > 123) return `close reason is ${Buffer.byteLength(reason)} bytes; a close frame holds at most 123`;
  return undefined;
}

/** What was injected, so a client's dedupe / gap counters can be checked against it. */
export interface FaultCounters {
  socketsDropped: number;
  socketsClosed: number;
  duplicatesSent: number;
  outOfOrderSent: number;
  eventsWithheld: number;
  malformedSent: number;
  outages: number;
}

export interface FaultDeps {
  store: ConversationStore;
  registry: LiveSocketRegistry;
  /** Stops listening and destroys every connection, then listens again on the same port. */
  outage(ms: number): Promise<void>;
}

/** Deterministic fault injection, scriptable from tests and over POST /_admin/faults/{name}. */
export class Faults {
  readonly counters: FaultCounters = {
    socketsDropped: 0, socketsClosed: 0, duplicatesSent: 0, outOfOrderSent: 0, eventsWithheld: 0, malformedSent: 0, outages: 0,
  };

  constructor(private readonly deps: FaultDeps) {}

  /** Abrupt loss of every socket of the conversation, all generations (no close frame). */
  drop(conversationId: string): number {
    const sockets = this.deps.registry.of(conversationId);
    for (const socket of sockets) socket.drop();
    this.counters.socketsDropped += sockets.length;
    return sockets.length;
  }

  /** Throws, before any socket is touched, when the code or reason cannot go in a close frame. */
  close(conversationId: string, code: number, reason: string): number {
    const problem = closeFrameProblem(code, reason);
    if (problem) throw new RangeError(problem);
    const sockets = this.deps.registry.of(conversationId);
    for (const socket of sockets) socket.close(code, reason);
    this.counters.socketsClosed += sockets.length;
    return sockets.length;
  }

  /** Session sockets close as a real slow consumer would. */
  slowConsumer(conversationId: string): number {
    const sockets = this.deps.registry.of(conversationId).filter((s) => s.generation === 'v1-session');
    for (const socket of sockets) socket.close(1013, 'slow_consumer');
    this.counters.socketsClosed += sockets.length;
    return sockets.length;
  }

  /** Server down for `seconds`, then back on the same port with the same history. */
  async outage(seconds: number): Promise<void> {
    this.counters.outages += 1;
    await this.deps.outage(seconds * 1000);
  }

  /** Raw garbage to every V1 socket of the conversation; `huge` is a valid 5 MB event frame. */
  malformed(conversationId: string, kind: MalformedKind): number {
    const sockets = this.deps.registry.of(conversationId).filter((s) => s.sendRaw);
    const payload = this.malformedPayload(kind);
    for (const socket of sockets) socket.sendRaw?.(payload);
    this.counters.malformedSent += sockets.length;
    return sockets.length;
  }

  /** Persists an event of about `bytes` size (session socket: 1013 frame_too_large; events socket: sent normally). */
  appendHugeEvent(conversationId: string, bytes = 5 * 1024 * 1024): string {
    return this.deps.store.append(conversationId, this.hugeDraft(bytes)).id;
  }

  /** Re-publishes the last `count` persisted events (same ids, same seq). */
  duplicate(conversationId: string, count = 1): number {
    const through = this.deps.store.throughSeq(conversationId);
    if (through === null) return 0;
    const events = this.deps.store.range(conversationId, through - count + 1, through);
    for (const { seq, event } of events) this.deps.store.publish(conversationId, { type: 'durable', seq, event });
    this.counters.duplicatesSent += events.length;
    return events.length;
  }

  /** Persists `count` new events in order but publishes them newest first. */
  outOfOrder(conversationId: string, count = 2): string[] {
    const persisted = Array.from({ length: count }, (_, i) => {
      const event = this.deps.store.complete(this.noteDraft(`out-of-order event ${i + 1} of ${count}`));
      return { seq: this.deps.store.persistQuietly(conversationId, event), event };
    });
    for (const item of [...persisted].reverse()) this.deps.store.publish(conversationId, { type: 'durable', ...item });
    this.counters.outOfOrderSent += count;
    return persisted.map((p) => p.event.id);
  }

  /** Persists `count` events that are never published live (a gap only REST / replay can fill). */
  withhold(conversationId: string, count = 1): string[] {
    const ids = Array.from({ length: count }, (_, i) => {
      const event = this.deps.store.complete(this.noteDraft(`withheld event ${i + 1} of ${count}`));
      this.deps.store.persistQuietly(conversationId, event);
      return event.id;
    });
    this.counters.eventsWithheld += count;
    return ids;
  }

  private malformedPayload(kind: MalformedKind): string | Buffer {
    if (kind === 'non-json') return '{"kind": "MessageEvent", this is not json';
    if (kind === 'invalid-event') return JSON.stringify({ kind: 'MessageEvent', id: 42, source: 'nobody' });
    if (kind === 'binary') return Buffer.from([0x00, 0xff, 0x13, 0x37, 0x89, 0x50, 0x4e, 0x47]);
    // Past the 4,096 base64 characters the port carries of a binary frame: the panel gets a preview.
    if (kind === 'binary-large') return Buffer.from(Array.from({ length: BINARY_LARGE_BYTES }, (_, i) => (i * 37) & 0xff));
    return JSON.stringify(this.deps.store.complete(this.hugeDraft(5 * 1024 * 1024)));
  }

  private hugeDraft(bytes: number) {
    return { kind: 'ObservationEvent', source: 'environment', tool_name: 'terminal', tool_call_id: 'call_huge', action_id: 'huge-output',
      observation: { kind: 'TerminalObservation', content: [text('x'.repeat(bytes))], is_error: false, timeout: false }, extended_content: [] };
  }

  private noteDraft(note: string) {
    return { kind: 'ConversationStateUpdateEvent', source: 'environment', key: 'tags', value: { fault: note } };
  }
}
