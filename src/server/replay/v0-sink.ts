import type { ReplayPlan, ReplayStep } from './plan';

type Obj = Record<string, unknown>;

/** The slice of the mock's V0 event log (src/server/v0) the replay uses. */
export interface V0LogLike {
  append(conversationId: string, draft: Obj & { source: string }): { id: number };
  persistQuietly(conversationId: string, draft: Obj & { source: string }): { id: number };
  notify(conversationId: string, payload: Obj): void;
  latestId(conversationId: string): number;
}

/** Stored, never sent: the connect-time replay skips NullActions (§5.3), and it is not published live. */
const GAP_FILLER = { source: 'environment', message: '', action: 'null', args: {} };

/**
 * Applies V0 steps to the V0 event log, which numbers events itself and needs them contiguous
 * (`latest_event_id` resumes by position). Recorded ids are kept: ids the recording never saw
 * (the server hides some events on connect) are filled with quiet NullActions. An id that
 * cannot be kept (out of order, or any id in a loop iteration) is renumbered and `cause`
 * follows. Status and error payloads are sent live only.
 */
export function v0Sink(log: V0LogLike, plan: ReplayPlan): (step: ReplayStep, iteration: number) => void {
  let ids = new Map<number, number>();
  let current = 0;
  return (step, iteration) => {
    if (step.type !== 'v0') return;
    if (iteration !== current) { ids = new Map(); current = iteration; }
    const payload = step.payload;
    if (payload['status_update'] === true || payload['error'] === true) return log.notify(plan.conversationId, payload);
    const { id, timestamp, ...rest } = payload;
    const draft: Obj & { source: string } = {
      ...rest,
      source: typeof rest['source'] === 'string' ? rest['source'] : 'environment',
      ...(iteration === 0 && typeof timestamp === 'string' ? { timestamp } : {}),
    };
    if (iteration === 0 && typeof id === 'number') {
      while (log.latestId(plan.conversationId) + 1 < id) log.persistQuietly(plan.conversationId, { ...GAP_FILLER });
    }
    const cause = rest['cause'];
    if (typeof cause === 'number' && ids.has(cause)) draft['cause'] = ids.get(cause);
    const event = log.append(plan.conversationId, draft);
    if (typeof id === 'number') ids.set(id, event.id);
  };
}
