import type { ConversationSignal, ConversationStore, EventJson, ExecutionStatus } from '../store';
import type { ReplayPlan, ReplayStep } from './plan';
import { relabel } from './relabel';

const STATUSES = new Set<string>(['idle', 'running', 'paused', 'waiting_for_confirmation', 'finished', 'error', 'stuck', 'deleting']);

/** Keeps the REST view of the conversation (status) in step with what was replayed. */
function trackStatus(store: ConversationStore, conversationId: string, event: EventJson): void {
  if (event.kind !== 'ConversationStateUpdateEvent') return;
  const value = event['value'];
  const status = event['key'] === 'execution_status' ? value
    : event['key'] === 'full_state' && value !== null && typeof value === 'object' ? (value as Record<string, unknown>)['execution_status'] : undefined;
  const conversation = store.get(conversationId);
  if (conversation && typeof status === 'string' && STATUSES.has(status)) conversation.executionStatus = status as ExecutionStatus;
}

/** Applies V1 steps to the mock's store: durable events are persisted (both V1 sockets and REST serve them). */
export function v1Sink(store: ConversationStore, plan: ReplayPlan): (step: ReplayStep, iteration: number) => void {
  const id = plan.conversationId;
  return (step, iteration) => {
    if (step.type === 'v0') return;
    if (step.type === 'stream') {
      store.publish(id, relabel(step.signal, plan.eventIds, iteration) as unknown as ConversationSignal);
      return;
    }
    const event = relabel(step.event, plan.eventIds, iteration, iteration > 0 ? store.timestamps.next() : undefined);
    trackStatus(store, id, event);
    if (step.type === 'transient') store.publish(id, { type: 'transient', event });
    else store.persist(id, event);
  };
}
