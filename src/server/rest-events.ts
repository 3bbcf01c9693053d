import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { ServerContext } from './context';
import { countEvents, searchEvents } from './event-search';
import { HttpError, readJsonBody } from './http-util';
import { InboundMessageSchema, parseInbound } from './inbound';
import type { Conversation } from './store';

const PostEventSchema = InboundMessageSchema.extend({ run: z.boolean().default(false) });
const ConfirmationSchema = z.object({ accept: z.boolean(), reason: z.string().optional() });

export type RestResult = { status: number; body: unknown };

/** /api/conversations/{id}/events… (§3.1). `rest` is the path after `/events`. */
export async function handleEventsRoute(ctx: ServerContext, req: IncomingMessage, conversation: Conversation, rest: string, params: URLSearchParams): Promise<RestResult> {
  const method = req.method ?? 'GET';
  if (method === 'GET' && rest === '/search') {
    const delayMs = ctx.knobs.eventSearchDelayMs;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    return { status: 200, body: searchEvents(conversation.events, params) };
  }
  if (method === 'GET' && rest === '/count') return { status: 200, body: countEvents(conversation.events, params) };
  if (method === 'POST' && rest === '') return postEvent(ctx, req, conversation);
  if (method === 'POST' && rest === '/respond_to_confirmation') {
    const parsed = ConfirmationSchema.safeParse(await readJsonBody(req));
    if (!parsed.success) throw new HttpError(422, parsed.error.message);
    return { status: 200, body: { success: true } };
  }
  const single = /^\/([^/]+)$/.exec(rest);
  if (method === 'GET' && single) {
    const event = conversation.events.find((e) => e.id === single[1]);
    if (!event) throw new HttpError(404, `Event not found: ${single[1]}`);
    return { status: 200, body: event };
  }
  throw new HttpError(404, 'Not Found');
}

async function postEvent(ctx: ServerContext, req: IncomingMessage, conversation: Conversation): Promise<RestResult> {
  const body = await readJsonBody(req);
  const parsed = PostEventSchema.safeParse(body);
  if (!parsed.success) throw new HttpError(422, parsed.error.message);
  const inbound = parseInbound(JSON.stringify(parsed.data));
  if (!inbound.ok || 'ignored' in inbound) throw new HttpError(422, 'Invalid message');
  const event = ctx.store.append(conversation.id, inbound.event);
  if (parsed.data.run) ctx.agent.start(conversation.id, event);
  return { status: 200, body: { success: true } };
}
