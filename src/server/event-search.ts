import type { EventJson } from './store';
import { normaliseToNaiveLocal } from './time';
import { HttpError } from './http-util';

/** Fully-qualified SDK class paths by kind, as the `kind` filter expects them. */
const KIND_MODULES: Record<string, string> = {
  MessageEvent: 'openhands.sdk.event.llm_convertible.message',
  ActionEvent: 'openhands.sdk.event.llm_convertible.action',
  ObservationEvent: 'openhands.sdk.event.llm_convertible.observation',
  AgentErrorEvent: 'openhands.sdk.event.llm_convertible.observation',
  UserRejectObservation: 'openhands.sdk.event.llm_convertible.observation',
  SystemPromptEvent: 'openhands.sdk.event.llm_convertible.system',
  ConversationStateUpdateEvent: 'openhands.sdk.event.conversation_state',
  ConversationErrorEvent: 'openhands.sdk.event.conversation_error',
  PauseEvent: 'openhands.sdk.event.user_action',
  InterruptEvent: 'openhands.sdk.event.user_action',
};
export const qualifiedKind = (kind: string): string => `${KIND_MODULES[kind] ?? 'openhands.sdk.event'}.${kind}`;

export interface EventFilter {
  kind?: string;
  source?: string;
  body?: string;
  gte?: string;
  lt?: string;
}

export function filterFromQuery(params: URLSearchParams): EventFilter {
  const time = (name: string): string | undefined => {
    const raw = params.get(name);
    if (raw === null) return undefined;
    const value = normaliseToNaiveLocal(raw);
    if (value === null) throw new HttpError(422, `Invalid datetime for ${name}: ${raw}`);
    return value;
  };
  const source = params.get('source') ?? undefined;
  if (source !== undefined && !['agent', 'user', 'environment', 'hook'].includes(source)) {
    throw new HttpError(422, `Invalid source: ${source}`);
  }
  return { kind: params.get('kind') ?? undefined, source, body: params.get('body') ?? undefined, gte: time('timestamp__gte'), lt: time('timestamp__lt') };
}

export function matches(event: EventJson, filter: EventFilter): boolean {
  if (filter.kind !== undefined && qualifiedKind(event.kind) !== filter.kind) return false;
  if (filter.source !== undefined && event.source !== filter.source) return false;
  if (filter.gte !== undefined && event.timestamp < filter.gte) return false;
  if (filter.lt !== undefined && event.timestamp >= filter.lt) return false;
  if (filter.body !== undefined && !messageText(event).toLowerCase().includes(filter.body.toLowerCase())) return false;
  return true;
}

function messageText(event: EventJson): string {
  if (event.kind !== 'MessageEvent') return '';
  const llm = event['llm_message'] as { content?: Array<{ text?: unknown }>; reasoning_content?: unknown } | undefined;
  const parts = (llm?.content ?? []).map((c) => (typeof c.text === 'string' ? c.text : ''));
  if (typeof llm?.reasoning_content === 'string') parts.push(llm.reasoning_content);
  return parts.join('\n');
}

/** §3.1 search: log order (or reversed), page_id starts AT that event, unknown page_id restarts. */
export function searchEvents(events: readonly EventJson[], params: URLSearchParams): { items: EventJson[]; next_page_id: string | null } {
  const limitRaw = Number(params.get('limit') ?? '100');
  if (!Number.isInteger(limitRaw) || limitRaw < 1 || limitRaw > 100) throw new HttpError(422, 'limit must be between 1 and 100');
  const order = params.get('sort_order') ?? 'TIMESTAMP';
  if (order !== 'TIMESTAMP' && order !== 'TIMESTAMP_DESC') throw new HttpError(422, `Invalid sort_order: ${order}`);
  const filter = filterFromQuery(params);
  const ordered = orderedView(events, filter, order === 'TIMESTAMP_DESC');
  const pageId = params.get('page_id');
  const startIndex = pageId === null ? 0 : Math.max(0, ordered.indexOfId(pageId));
  const items: EventJson[] = [];
  for (let i = startIndex; i < Math.min(ordered.length, startIndex + limitRaw); i += 1) items.push(ordered.at(i));
  return { items, next_page_id: startIndex + limitRaw < ordered.length ? ordered.at(startIndex + limitRaw).id : null };
}

/** §3.1 count: how many events match (same filters as search; a time window is a range read). */
export function countEvents(events: readonly EventJson[], params: URLSearchParams): number {
  return orderedView(events, filterFromQuery(params), false).length;
}

interface OrderedView {
  length: number;
  at(i: number): EventJson;
  /** Position of the event with this id, -1 when it is not in the view. */
  indexOfId(id: string): number;
}

/** Per log array: where each id sits and whether timestamps ascend, extended as the log grows. */
interface LogIndex {
  first: string | undefined;
  length: number;
  positions: Map<string, number>;
  ascending: boolean;
}
const logIndexes = new WeakMap<readonly EventJson[], LogIndex>();

function logIndexOf(events: readonly EventJson[]): LogIndex {
  let index = logIndexes.get(events);
  // Appends extend the index; anything else (oldest dropped, rewritten) rebuilds it.
  if (index === undefined || index.first !== events[0]?.id || index.length > events.length) {
    index = { first: events[0]?.id, length: 0, positions: new Map(), ascending: true };
    logIndexes.set(events, index);
  }
  for (let i = index.length; i < events.length; i += 1) {
    const event = events[i]!;
    index.positions.set(event.id, i);
    if (i > 0 && events[i - 1]!.timestamp > event.timestamp) index.ascending = false;
  }
  index.length = events.length;
  return index;
}

/**
 * The matching events in the requested order. A time-window-only search of a log in timestamp
 * order (the normal case) is a binary-searched range read in place: paging a 100k-event log
 * page by page stays linear instead of quadratic (each page used to filter and copy the log).
 */
function orderedView(events: readonly EventJson[], filter: EventFilter, descending: boolean): OrderedView {
  const timeOnly = filter.kind === undefined && filter.source === undefined && filter.body === undefined;
  const index = timeOnly ? logIndexOf(events) : undefined;
  if (index === undefined || !index.ascending) {
    const list = events.filter((e) => matches(e, filter));
    if (descending) list.reverse();
    return { length: list.length, at: (i) => list[i]!, indexOfId: (id) => list.findIndex((e) => e.id === id) };
  }
  const lo = filter.gte === undefined ? 0 : firstAtOrAfter(events, filter.gte);
  const hi = Math.max(lo, filter.lt === undefined ? events.length : firstAtOrAfter(events, filter.lt));
  return {
    length: hi - lo,
    at: (i) => events[descending ? hi - 1 - i : lo + i]!,
    indexOfId(id) {
      const at = index.positions.get(id);
      if (at === undefined || at < lo || at >= hi) return -1;
      return descending ? hi - 1 - at : at - lo;
    },
  };
}

/** Index of the first event with timestamp ≥ `timestamp` (events in timestamp order). */
function firstAtOrAfter(events: readonly EventJson[], timestamp: string): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]!.timestamp < timestamp) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
