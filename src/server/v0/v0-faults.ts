import type { FaultCounters } from '../faults';
import { v0RunObservation } from './v0-events';
import type { V0Draft, V0EventLog } from './v0-log';

const note = (text: string): V0Draft => ({ source: 'environment', message: text, observation: 'run', content: text,
  extras: { command: 'echo fault', hidden: false }, success: true });

/**
 * The event-level faults of src/server/faults.ts for V0 conversations, whose events live in the
 * integer-id log: same meaning, same counters.
 */
export class V0Faults {
  constructor(private readonly log: V0EventLog, private readonly counters: FaultCounters) {}

  /** Re-publishes the last `count` stored events (same ids). */
  duplicate(conversationId: string, count = 1): number {
    const latest = this.log.latestId(conversationId);
    const events = this.log.after(conversationId, latest - count);
    for (const event of events) this.log.publish(conversationId, { type: 'event', event });
    this.counters.duplicatesSent += events.length;
    return events.length;
  }

  /** Stores `count` new events in order but publishes them newest first. */
  outOfOrder(conversationId: string, count = 2): number[] {
    const events = Array.from({ length: count }, (_, i) => this.log.persistQuietly(conversationId, note(`out-of-order event ${i + 1} of ${count}`)));
    for (const event of [...events].reverse()) this.log.publish(conversationId, { type: 'event', event });
    this.counters.outOfOrderSent += count;
    return events.map((e) => e.id);
  }

  /** Stores `count` events that are never published live: only a reconnect's replay reveals them. */
  withhold(conversationId: string, count = 1): number[] {
    const ids = Array.from({ length: count }, (_, i) => this.log.persistQuietly(conversationId, note(`withheld event ${i + 1} of ${count}`)).id);
    this.counters.eventsWithheld += count;
    return ids;
  }

  /** Stores and publishes command output of about `bytes` (V0 sends it whole, up to the 4 MiB buffer of the client's side). */
  hugeEvent(conversationId: string, bytes = 5 * 1024 * 1024): number {
    return this.log.append(conversationId, v0RunObservation(this.log.latestId(conversationId), 'cat big.log', 'x'.repeat(bytes), 0)).id;
  }
}
