import type { Generation } from '../../shared/protocol/generation';
import type { LogRecord, StreamInfo } from '../../shared/record';
import { storedByServer } from '../../shared/protocol/stored-kinds';
import type { EventJson } from '../store';
import { idVariant } from './relabel';

type Obj = Record<string, unknown>;

/** A session-socket progress frame, published as is (its wire form is the store's signal form). */
export type StreamSignal = { type: 'item_started' | 'delta' | 'item_aborted'; item_id: string } & Obj;

/** One thing the recorded server did, at its offset from the first recorded frame. */
export type ReplayStep =
  | { atMs: number; type: 'durable'; event: EventJson }
  | { atMs: number; type: 'transient'; event: EventJson }
  | { atMs: number; type: 'stream'; signal: StreamSignal }
  | { atMs: number; type: 'v0'; payload: Obj };

export interface ReplayPlan {
  conversationId: string;
  protocol: Generation;
  steps: ReplayStep[];
  /** Every event id and streamed item id of the recording (loops give each a fresh variant). */
  eventIds: Set<string>;
  /** Records that are not server output (client frames, meta, binary, not JSON) or repeats. */
  skipped: number;
}

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Not persisted by the real server (the full_state snapshot, token deltas, a ServerErrorEvent
 * answering one socket's bad frame…): published live, never stored, so REST and replays lack it too.
 */
function isTransientEvent(event: Obj): boolean {
  return !storedByServer(typeof event['kind'] === 'string' ? event['kind'] : undefined, event['key']);
}

function stepOf(protocol: Generation, value: Obj, atMs: number): ReplayStep | undefined {
  if (protocol === 'v0-socketio') return { atMs, type: 'v0', payload: value };
  // A bare event in a session recording: loaded over REST (older files stamped it v1-session).
  if (protocol === 'v1-events' || (typeof value['kind'] === 'string' && !('type' in value))) {
    const event = value as EventJson;
    return { atMs, type: isTransientEvent(value) ? 'transient' : 'durable', event };
  }
  const type = value['type'];
  if ((type === 'durable' || type === 'transient') && isObj(value['event'])) return { atMs, type, event: value['event'] as EventJson };
  if ((type === 'item_started' || type === 'delta' || type === 'item_aborted') && typeof value['item_id'] === 'string') {
    return { atMs, type: 'stream', signal: value as StreamSignal };
  }
  return undefined; // sync and error frames belong to one socket, not to the conversation
}

/**
 * What to replay: the server's frames of a recording, in recorded order, as store operations.
 * Events seen twice (the events socket's replay/live duplicate, history after a reconnect) are
 * replayed once; invalid events are replayed as recorded, since reproducing them is the point.
 */
export function planReplay(records: readonly LogRecord[], conversationId: string, protocol: Generation): ReplayPlan {
  const steps: ReplayStep[] = [];
  const eventIds = new Set<string>();
  const seenDurable = new Set<string>();
  let skipped = 0;
  let start: number | undefined;
  for (const record of records) {
    if (record.direction !== 'in' || record.rawEncoding !== 'text') { skipped += 1; continue; }
    let value: unknown;
    try {
      value = JSON.parse(record.raw);
    } catch {
      skipped += 1;
      continue;
    }
    start ??= record.receivedAt;
    const step = isObj(value) ? stepOf(record.protocol, value, Math.max(0, record.receivedAt - start)) : undefined;
    if (!step) { skipped += 1; continue; }
    if (step.type === 'v0' && typeof step.payload['id'] === 'number') {
      const key = `v0:${step.payload['id']}`;
      if (seenDurable.has(key)) { skipped += 1; continue; }
      seenDurable.add(key);
    }
    if (step.type === 'durable' || step.type === 'transient') {
      const id = step.event.id;
      if (typeof id === 'string') {
        eventIds.add(id);
        if (step.type === 'durable' && seenDurable.has(id)) { skipped += 1; continue; }
        if (step.type === 'durable') seenDurable.add(id);
      }
    }
    // An aborted item has no durable event to bring its id in: loops must relabel it all the same.
    if (step.type === 'stream') eventIds.add(step.signal.item_id);
    steps.push(step);
    if (step.type === 'stream' && step.signal.type === 'item_started' && record.streamItem) steps.push(...unfold(step.signal, record.streamItem, step.atMs));
    if (step.type === 'transient' && step.event.kind === 'StreamingDeltaEvent' && record.streamItem) steps.push(...unfoldDeltas(step.event, record.streamItem, step.atMs));
  }
  return { conversationId, protocol, steps, eventIds, skipped };
}

/**
 * The events socket's StreamingDeltaEvents are also logged as one growing record (the first
 * delta's frame plus the folded text): the rest of the text comes back as one more delta.
 */
function unfoldDeltas(first: EventJson, item: StreamInfo, atMs: number): ReplayStep[] {
  const content = typeof first['content'] === 'string' ? first['content'] : '';
  if (!item.text.startsWith(content) || item.text.length === content.length) return [];
  return [{ atMs, type: 'transient', event: { ...first, id: idVariant(first.id, 0x7fffffff), content: item.text.slice(content.length) } }];
}

/**
 * The extension logs a streamed item as one growing record (its item_started frame plus the
 * folded text), so the deltas come back as one per kind, and the abort if there was one.
 */
function unfold(started: StreamSignal, item: StreamInfo, atMs: number): ReplayStep[] {
  const base = { item_id: started.item_id, attempt: started['attempt'] ?? item.attempt };
  const pieces = [...(item.reasoning ? [['reasoning', item.reasoning] as const] : []), ...(item.text ? [['text', item.text] as const] : [])];
  const steps: ReplayStep[] = pieces.map(([kind, content], order) => ({ atMs, type: 'stream', signal: { type: 'delta', ...base, order, kind, content } }));
  if (item.state === 'aborted') steps.push({ atMs, type: 'stream', signal: { type: 'item_aborted', ...base, reason: item.reason ?? 'aborted' } });
  return steps;
}
