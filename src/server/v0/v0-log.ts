import { dropOldestInChunks } from '../bounded-array';
import type { TimestampSource } from '../time';

/**
 * One V0 event as `event_to_dict` serialises it (§5.5): integer `id`, naive ISO `timestamp`,
 * `source`, `message`, then `action` + `args` or `observation` + `content` + `extras`.
 */
export type V0Event = { id: number; timestamp: string; source: string } & Record<string, unknown>;
/** A V0 event before the log numbers and stamps it. */
export type V0Draft = { source: string } & Record<string, unknown>;
/** Non-event `oh_event` payloads: `{status_update: true, ...}` or `{error: true, message}`. */
export type V0Notice = Record<string, unknown>;

export type V0Signal = { type: 'event'; event: V0Event } | { type: 'notice'; payload: V0Notice };
export type V0Listener = (signal: V0Signal) => void;

interface V0Stream {
  /** Oldest first; bounded, so the first kept id can be > 0. */
  readonly events: V0Event[];
  nextId: number;
  droppedCount: number;
  readonly listeners: Set<V0Listener>;
}

/** Per-conversation integer-id event logs of V0 conversations (the V0 "event store"). */
export class V0EventLog {
  private readonly streams = new Map<string, V0Stream>();

  constructor(private readonly timestamps: TimestampSource, private readonly maxEvents: () => number) {}

  /** Numbers, stores and publishes the event (live delivery to every V0 socket of the conversation). */
  append(conversationId: string, draft: V0Draft): V0Event {
    const event = this.persistQuietly(conversationId, draft);
    this.publish(conversationId, { type: 'event', event });
    return event;
  }

  /** Stores without telling subscribers (history seeding, withheld events). */
  persistQuietly(conversationId: string, draft: V0Draft): V0Event {
    const stream = this.stream(conversationId);
    const event = { id: stream.nextId, timestamp: this.timestamps.next(), ...draft } as V0Event;
    stream.nextId += 1;
    stream.events.push(event);
    stream.droppedCount += dropOldestInChunks(stream.events, this.maxEvents());
    return event;
  }

  /** A status update or error payload: sent live, never stored (a reconnect does not see it again). */
  notify(conversationId: string, payload: V0Notice): void {
    this.publish(conversationId, { type: 'notice', payload });
  }

  publish(conversationId: string, signal: V0Signal): void {
    for (const listener of [...this.stream(conversationId).listeners]) listener(signal);
  }

  subscribe(conversationId: string, listener: V0Listener): () => void {
    const stream = this.stream(conversationId);
    stream.listeners.add(listener);
    return () => stream.listeners.delete(listener);
  }

  /** Stored events with id > `latestEventId`, at most `limit`, oldest first. */
  after(conversationId: string, latestEventId: number, limit = Infinity): V0Event[] {
    const stream = this.stream(conversationId);
    const start = Math.max(0, latestEventId + 1 - stream.droppedCount);
    return stream.events.slice(start, Number.isFinite(limit) ? start + limit : undefined);
  }

  /** Stored events with ids from `startId` to `endId` (both inclusive), at most `limit`, newest first when `reverse`. */
  range(conversationId: string, { startId, endId, reverse, limit }: { startId: number; endId?: number; reverse: boolean; limit: number }): V0Event[] {
    const stream = this.stream(conversationId);
    const first = Math.max(0, startId - stream.droppedCount);
    const last = Math.min(stream.events.length - 1, (endId ?? Number.MAX_SAFE_INTEGER) - stream.droppedCount);
    if (last < first) return [];
    if (!reverse) return stream.events.slice(first, Math.min(last + 1, first + limit));
    return stream.events.slice(Math.max(first, last + 1 - limit), last + 1).reverse();
  }

  /** Id of the newest stored event, or -1. */
  latestId(conversationId: string): number {
    return this.stream(conversationId).nextId - 1;
  }

  count(conversationId: string): number {
    return this.stream(conversationId).events.length;
  }

  listenerCount(conversationId: string): number {
    return this.streams.get(conversationId)?.listeners.size ?? 0;
  }

  private stream(conversationId: string): V0Stream {
    let stream = this.streams.get(conversationId);
    if (!stream) {
      stream = { events: [], nextId: 0, droppedCount: 0, listeners: new Set() };
      this.streams.set(conversationId, stream);
    }
    return stream;
  }
}
