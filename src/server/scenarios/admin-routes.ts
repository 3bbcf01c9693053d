import { z } from 'zod';
import type { Scenarios } from './index';

const Generation = z.enum(['v1', 'v0']).optional();
export const FloodRequest = z.strictObject({
  conversationId: z.string().optional(),
  generation: Generation,
  rate: z.union([z.literal('max'), z.number().positive().max(1_000_000)]).optional(),
  count: z.number().int().min(0).max(10_000_000).optional(),
  size: z.number().int().min(0).max(16 * 1024 * 1024).optional(),
  batch: z.number().int().min(1).max(100_000).optional(),
  /** Answer only when the flood has finished (with its figures). */
  wait: z.boolean().optional(),
});
export const LargeHistoryRequest = z.strictObject({
  conversationId: z.string().optional(),
  generation: Generation,
  count: z.number().int().min(0).max(1_000_000).optional(),
  bigPayloads: z.number().int().min(0).max(100).optional(),
  bigPayloadBytes: z.number().int().min(1).max(64 * 1024 * 1024).optional(),
});

export type ScenarioRoute =
  | { ok: true; result: unknown }
  | { ok: false; status: 404 | 422; message: string };

/** POST /_admin/scenarios/{flood|large-history|stop}; the HTTP plumbing stays in admin.ts. */
export async function runScenarioRoute(scenarios: Scenarios, name: string, body: unknown): Promise<ScenarioRoute> {
  const parseError = (error: z.ZodError): ScenarioRoute => ({ ok: false, status: 422, message: error.message });
  try {
    if (name === 'flood') {
      const parsed = FloodRequest.safeParse(body);
      if (!parsed.success) return parseError(parsed.error);
      const { wait, ...options } = parsed.data;
      const handle = scenarios.flood(options);
      if (wait) return { ok: true, result: await handle.done };
      return { ok: true, result: { conversationId: handle.conversationId, started: true } };
    }
    if (name === 'large-history') {
      const parsed = LargeHistoryRequest.safeParse(body);
      if (!parsed.success) return parseError(parsed.error);
      return { ok: true, result: scenarios.largeHistory(parsed.data) };
    }
    if (name === 'stop') {
      const count = scenarios.running().length;
      scenarios.stopAll();
      return { ok: true, result: count };
    }
  } catch (error) {
    // e.g. an unknown target conversation
    return { ok: false, status: 404, message: (error as Error).message };
  }
  return { ok: false, status: 404, message: `Unknown scenario: ${name}` };
}

/** GET /_admin/scenarios: the floods still running. */
export function runningFloods(scenarios: Scenarios): Array<{ conversationId: string; sent: number }> {
  return scenarios.running().map((h) => ({ conversationId: h.conversationId, sent: h.sent }));
}
