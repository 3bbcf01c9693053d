/**
 * V0 event REST (§5.6): `GET /api/conversations/{id}/events?start_id&end_id&reverse&limit`
 * → `{events, has_more}`. Ids run from `start_id` to `end_id`, both inclusive (the V0 event
 * store's search), newest first with `reverse=true`; `limit` is 1–100, default 20. No filter:
 * the events the socket replay hides (§5.3) are listed too.
 */
import { HttpError } from '../http-util';
import type { V0EventLog } from './v0-log';

const MAX_LIMIT = 100;

function intParam(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  if (text === null || text === '') return undefined;
  if (!/^-?\d+$/.test(text)) throw new HttpError(422, `${name} must be an integer`);
  return Number.parseInt(text, 10);
}

export function v0EventsPage(log: V0EventLog, conversationId: string, params: URLSearchParams): { status: number; body: unknown } {
  const limit = intParam(params, 'limit') ?? 20;
  if (limit < 1 || limit > MAX_LIMIT) throw new HttpError(400, `limit must be between 1 and ${MAX_LIMIT}`);
  const startId = intParam(params, 'start_id') ?? 0;
  const endId = intParam(params, 'end_id');
  const reverse = params.get('reverse') === 'true';
  // One more than asked for says whether there is more.
  const events = log.range(conversationId, { startId, endId, reverse, limit: limit + 1 });
  return { status: 200, body: { events: events.slice(0, limit), has_more: events.length > limit } };
}
