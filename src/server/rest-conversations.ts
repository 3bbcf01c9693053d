import type { ServerContext } from './context';
import { conversationInfo } from './conversation-info';
import { HttpError } from './http-util';
import type { RestResult } from './rest-events';
import type { Conversation } from './store';

const SORTS: Record<string, (a: Conversation, b: Conversation) => number> = {
  CREATED_AT: (a, b) => a.createdAt.localeCompare(b.createdAt),
  UPDATED_AT: (a, b) => a.updatedAt.localeCompare(b.updatedAt),
  CREATED_AT_DESC: (a, b) => b.createdAt.localeCompare(a.createdAt),
  UPDATED_AT_DESC: (a, b) => b.updatedAt.localeCompare(a.updatedAt),
};

/** GET /api/conversations/search, /count and ?ids= (§3.1); V0 conversations are not agent-server conversations. */
export function conversationsCollection(ctx: ServerContext, path: string, params: URLSearchParams): RestResult | null {
  const all = ctx.store.list().filter((c) => c.generation === 'v1');
  const status = params.get('status');
  const filtered = status === null ? all : all.filter((c) => c.executionStatus === status);
  if (path === '/api/conversations/count') return { status: 200, body: filtered.length };
  if (path === '/api/conversations') {
    const ids = params.getAll('ids');
    if (ids.length >= 100) throw new HttpError(422, 'Too many ids');
    return { status: 200, body: ids.map((id) => { const c = ctx.store.get(id); return c ? conversationInfo(c) : null; }) };
  }
  if (path !== '/api/conversations/search') return null;
  const limit = Number(params.get('limit') ?? '100');
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new HttpError(422, 'limit must be between 1 and 100');
  const sort = SORTS[params.get('sort_order') ?? 'CREATED_AT_DESC'];
  if (!sort) throw new HttpError(422, `Invalid sort_order: ${params.get('sort_order')}`);
  const ordered = [...filtered].sort(sort);
  const pageId = params.get('page_id');
  const start = Math.max(0, pageId === null ? 0 : ordered.findIndex((c) => c.id === pageId));
  return { status: 200, body: {
    items: ordered.slice(start, start + limit).map(conversationInfo),
    next_page_id: ordered[start + limit]?.id ?? null,
  } };
}

/** GET /api/conversations/{id}/agent_final_response: the last agent message text. */
export function agentFinalResponse(conversation: Conversation): RestResult {
  const last = [...conversation.events].reverse().find((e) => e.kind === 'MessageEvent' && e.source === 'agent');
  const content = (last?.['llm_message'] as { content?: Array<{ text?: unknown }> } | undefined)?.content ?? [];
  return { status: 200, body: { response: content.map((c) => (typeof c.text === 'string' ? c.text : '')).join('') } };
}
