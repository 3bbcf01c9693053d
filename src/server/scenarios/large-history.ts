import { text } from '../demo-events';
import { seedDemoHistory } from '../demo-history';
import { ConversationStore, type EventJson } from '../store';
import { uuidSequence } from './flood-events';
import { v0RunObservation } from '../v0/v0-events';
import { seedV0DemoHistory } from '../v0/v0-history';
import { V0EventLog, type V0Draft, type V0Event } from '../v0/v0-log';

export interface LargeHistoryOptions {
  /** Target conversation; created when missing. Defaults to the dedicated large-history conversation. */
  conversationId?: string;
  /** Generation of a conversation that has to be created (default v1). */
  generation?: 'v1' | 'v0';
  /** Events to seed (default 100,000). */
  count?: number;
  /** How many multi-megabyte terminal outputs to spread through the history (default 3). */
  bigPayloads?: number;
  /** Size of each big payload; the default 3 MiB stays under the session socket's 4 MiB frame limit. */
  bigPayloadBytes?: number;
}

export interface LargeHistoryResult {
  conversationId: string;
  generation: 'v1' | 'v0';
  /** Events seeded by this call. */
  seeded: number;
  elapsedMs: number;
}

export const LARGE_HISTORY_DEFAULTS = { count: 100_000, bigPayloads: 3, bigPayloadBytes: 3 * 1024 * 1024 };

/** Positions of the big payloads, evenly spread (never the first or last event). */
export function bigPayloadPositions(count: number, bigPayloads: number): Set<number> {
  const positions = new Set<number>();
  for (let k = 1; k <= bigPayloads; k += 1) positions.add(Math.floor((k * count) / (bigPayloads + 1)));
  return positions;
}

/** The V1 demo mix, as finished events; cloned with fresh ids per cycle. */
function v1Template(): EventJson[] {
  const scratch = new ConversationStore(() => Infinity);
  const id = scratch.create({ generation: 'v1', title: 'template' }).id;
  seedDemoHistory(scratch, id);
  return scratch.get(id)?.events ?? [];
}

/**
 * Seeds `count` V1 events (the demo mix, repeated, with parent/action links remapped per cycle)
 * quietly: nothing is published live, a client sees them through replay or REST.
 */
export function seedV1LargeHistory(store: ConversationStore, conversationId: string, options: Required<Omit<LargeHistoryOptions, 'conversationId' | 'generation'>>): number {
  const template = v1Template();
  const big = bigPayloadPositions(options.count, options.bigPayloads);
  const bigText = big.size > 0 ? 'x'.repeat(options.bigPayloadBytes) : '';
  const ids = uuidSequence();
  let remap = new Map<string, string>();
  let previousId: string | undefined;
  for (let i = 0; i < options.count; i += 1) {
    const source = template[i % template.length];
    if (!source) break;
    if (i % template.length === 0) remap = new Map();
    const id = ids.next();
    remap.set(source.id, id);
    const timestamp = store.timestamps.next();
    const event: EventJson = big.has(i) ? bigV1Observation(id, timestamp, previousId ?? id, bigText) : Object.assign({}, source, { id, timestamp });
    for (const link of ['parent_id', 'action_id'] as const) {
      const target = source[link];
      if (!big.has(i) && typeof target === 'string') event[link] = remap.get(target) ?? target;
    }
    store.persistQuietly(conversationId, event);
    previousId = id;
  }
  return options.count;
}

function bigV1Observation(id: string, timestamp: string, actionId: string, output: string): EventJson {
  return { kind: 'ObservationEvent', id, timestamp, source: 'environment', tool_name: 'terminal', tool_call_id: `call_big_${id.slice(0, 8)}`,
    action_id: actionId, observation: { kind: 'TerminalObservation', content: [text(output)], command: 'cat build.log', exit_code: 0,
      is_error: false, timeout: false }, extended_content: [] };
}

function v0Template(): V0Event[] {
  const scratch = new V0EventLog(new ConversationStore(() => Infinity).timestamps, () => Infinity);
  seedV0DemoHistory((draft) => scratch.persistQuietly('template', draft));
  return scratch.after('template', -1);
}

/** The V0 equivalent: the V0 demo mix repeated, `cause` shifted to the clone of its action. */
export function seedV0LargeHistory(log: V0EventLog, conversationId: string, options: Required<Omit<LargeHistoryOptions, 'conversationId' | 'generation'>>): number {
  const template = v0Template();
  const big = bigPayloadPositions(options.count, options.bigPayloads);
  const bigText = big.size > 0 ? 'x'.repeat(options.bigPayloadBytes) : '';
  let cycleBase = log.latestId(conversationId) + 1;
  for (let i = 0; i < options.count; i += 1) {
    const source = template[i % template.length];
    if (!source) break;
    if (i > 0 && i % template.length === 0) cycleBase += template.length;
    const { id: _id, timestamp: _timestamp, ...draft } = source;
    const cause = typeof source['cause'] === 'number' ? source['cause'] + cycleBase : undefined;
    const next: V0Draft = big.has(i)
      ? v0RunObservation(cycleBase + (i % template.length) - 1, 'cat build.log', bigText, 0)
      : { ...draft, ...(cause !== undefined ? { cause } : {}) };
    log.persistQuietly(conversationId, next);
  }
  return options.count;
}
