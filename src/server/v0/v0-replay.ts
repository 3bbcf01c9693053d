import type { V0Event } from './v0-log';

/** §5.3: events the connect-time replay never sends. */
export function skippedOnReplay(event: V0Event): boolean {
  return event['action'] === 'null' || event['observation'] === 'null' || event['action'] === 'recall';
}

export const isAgentStateChanged = (event: V0Event): boolean => event['observation'] === 'agent_state_changed';

/** Observations whose `source` the server rewrites to `agent` when it emits them live (§5.5). */
const REWRITTEN_LIVE = new Set(['run', 'agent_state_changed', 'recall', 'error']);

/** The live form of a stored event; replayed events keep their stored `source`. */
export function liveForm(event: V0Event): V0Event {
  const observation = event['observation'];
  return typeof observation === 'string' && REWRITTEN_LIVE.has(observation) && event.source !== 'agent'
    ? { ...event, source: 'agent' }
    : event;
}

/**
 * Plans one replay page: what to emit now, and the newest AgentStateChanged seen so far,
 * which is held back and emitted once after the whole replay.
 */
export function replayPage(events: readonly V0Event[], held: V0Event | null): { emit: V0Event[]; held: V0Event | null } {
  const emit: V0Event[] = [];
  let last = held;
  for (const event of events) {
    if (skippedOnReplay(event)) continue;
    if (isAgentStateChanged(event)) last = event;
    else emit.push(event);
  }
  return { emit, held: last };
}
