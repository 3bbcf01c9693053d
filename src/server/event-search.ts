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
  const ordered = order === 'TIMESTAMP' ? events.filter((e) => matches(e, filter)) : events.filter((e) => matches(e, filter)).reverse();
  const pageId = params.get('page_id');
  const startIndex = Math.max(0, pageId === null ? 0 : ordered.findIndex((e) => e.id === pageId));
  const items = ordered.slice(startIndex, startIndex + limitRaw);
  return { items, next_page_id: ordered[startIndex + limitRaw]?.id ?? null };
}
