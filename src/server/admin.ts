import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { ServerContext } from './context';
import { closeFrameProblem, type Faults } from './faults';
import { HttpError, readJsonBody } from './http-util';
import type { RestResult } from './rest-events';
import { runningFloods, runScenarioRoute } from './scenarios/admin-routes';
import type { Scenarios } from './scenarios/index';
import type { V0Faults } from './v0/v0-faults';
import type { V0EventLog } from './v0/v0-log';

const Target = z.object({ conversationId: z.string() });
const schemas = {
  drop: Target,
  close: Target.extend({ code: z.number().int(), reason: z.string().default('') })
    .superRefine(({ code, reason }, ctx) => {
      const problem = closeFrameProblem(code, reason);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  'slow-consumer': Target,
  outage: z.object({ seconds: z.number().min(0).max(600) }),
  malformed: Target.extend({ type: z.enum(['non-json', 'invalid-event', 'binary', 'binary-large', 'huge']) }),
  'huge-event': Target.extend({ bytes: z.number().int().min(1).max(64 * 1024 * 1024).optional() }),
  duplicate: Target.extend({ count: z.number().int().min(1).max(1000).default(1) }),
  'out-of-order': Target.extend({ count: z.number().int().min(2).max(1000).default(2) }),
  withhold: Target.extend({ count: z.number().int().min(1).max(1000).default(1) }),
  'v0-notice': Target.extend({ payload: z.record(z.string(), z.unknown()) }),
};

/** V0 conversations keep their events in their own log: event-level faults and notices go there. */
export interface V0Admin {
  faults: V0Faults;
  log: V0EventLog;
}
const KnobsPatch = z.object({
  authDeadlineMs: z.number().min(0), agentStepMs: z.number().min(0), agentDeltaMs: z.number().min(0),
  replayPageSize: z.number().int().min(1), replayPageDelayMs: z.number().min(0), maxSubscribers: z.number().int().min(1), interleaveReplay: z.boolean(),
  eventSearchDelayMs: z.number().min(0).max(60_000),
}).partial().strict();
const SandboxPatch = Target.extend({
  status: z.enum(['STARTING', 'RUNNING', 'PAUSED', 'ERROR', 'MISSING']).optional(),
  requiresCredentialBinding: z.boolean().optional(),
});

/**
 * The admin HTTP API (docs/mock-server.md): POST /_admin/faults/{name}, /_admin/knobs, /_admin/sandbox,
 * /_admin/scenarios/{name}; GET /_admin/counters, /_admin/scenarios.
 */
export function createAdminHandler(ctx: ServerContext, faults: Faults, scenarios?: Scenarios, v0?: V0Admin) {
  const v0For = (conversationId: string): V0Admin | undefined =>
    (ctx.store.get(conversationId)?.generation === 'v0' ? v0 : undefined);
  return async (req: IncomingMessage, path: string): Promise<RestResult | null> => {
    if (req.method === 'GET' && path === '/_admin/counters') return { status: 200, body: faults.counters };
    if (req.method === 'GET' && path === '/_admin/scenarios' && scenarios) return { status: 200, body: { running: runningFloods(scenarios) } };
    if (req.method !== 'POST') return null;
    const body = (await readJsonBody(req)) ?? {};
    if (path === '/_admin/knobs') Object.assign(ctx.knobs, parse(KnobsPatch, body));
    else if (path === '/_admin/sandbox') {
      const { conversationId, status, requiresCredentialBinding } = parse(SandboxPatch, body);
      const conversation = ctx.store.get(conversationId);
      if (!conversation) throw new HttpError(404, `Conversation not found: ${conversationId}`);
      conversation.sandboxStatus = status ?? conversation.sandboxStatus;
      conversation.requiresCredentialBinding = requiresCredentialBinding ?? conversation.requiresCredentialBinding;
    } else if (path.startsWith('/_admin/faults/')) {
      return { status: 200, body: { result: await runFault(faults, path.slice('/_admin/faults/'.length), body, v0For) } };
    } else if (path.startsWith('/_admin/scenarios/') && scenarios) {
      const outcome = await runScenarioRoute(scenarios, path.slice('/_admin/scenarios/'.length), body);
      if (!outcome.ok) throw new HttpError(outcome.status, outcome.message);
      return { status: 200, body: { result: outcome.result } };
    } else return null;
    return { status: 200, body: { success: true } };
  };
}

async function runFault(faults: Faults, name: string, body: unknown, v0For: (id: string) => V0Admin | undefined): Promise<unknown> {
  switch (name) {
    case 'drop': return faults.drop(parse(schemas.drop, body).conversationId);
    case 'close': { const b = parse(schemas.close, body); return faults.close(b.conversationId, b.code, b.reason); }
    case 'slow-consumer': return faults.slowConsumer(parse(schemas['slow-consumer'], body).conversationId);
    case 'outage': {
      const { seconds } = parse(schemas.outage, body);
      // The answer must go out before the server stops listening; a failed relisten is reported, not thrown.
      setImmediate(() => faults.outage(seconds).catch((error: unknown) => console.error('mock-server: outage failed', error)));
      return seconds;
    }
    case 'malformed': { const b = parse(schemas.malformed, body); return faults.malformed(b.conversationId, b.type); }
    case 'huge-event': {
      const b = parse(schemas['huge-event'], body);
      return v0For(b.conversationId)?.faults.hugeEvent(b.conversationId, b.bytes) ?? faults.appendHugeEvent(b.conversationId, b.bytes);
    }
    case 'duplicate': case 'out-of-order': case 'withhold': {
      const { conversationId, count } = parse(schemas[name], body);
      const v0 = v0For(conversationId)?.faults;
      if (name === 'duplicate') return v0 ? v0.duplicate(conversationId, count) : faults.duplicate(conversationId, count);
      if (name === 'out-of-order') return v0 ? v0.outOfOrder(conversationId, count) : faults.outOfOrder(conversationId, count);
      return v0 ? v0.withhold(conversationId, count) : faults.withhold(conversationId, count);
    }
    case 'v0-notice': {
      const b = parse(schemas['v0-notice'], body);
      const target = v0For(b.conversationId);
      if (!target) throw new HttpError(404, `Not a V0 conversation: ${b.conversationId}`);
      target.log.notify(b.conversationId, b.payload);
      return 1;
    }
    default: throw new HttpError(404, `Unknown fault: ${name}`);
  }
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new HttpError(422, result.error.message);
  return result.data;
}
