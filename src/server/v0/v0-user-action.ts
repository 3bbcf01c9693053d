import { v0RunObservation, v0StateChanged, v0UserMessage, type V0AgentState } from './v0-events';
import type { V0Draft, V0Event, V0EventLog } from './v0-log';

/** What a V0 socket needs from the rest of the server to act on `oh_user_action` / `oh_action`. */
export interface V0ActionDeps {
  log: V0EventLog;
  /** Starts the demo agent's V0 turn answering `message`. */
  startAgent(conversationId: string, message: V0Event): void;
  /** Stops a running turn (stop / pause requests). */
  stopAgent(conversationId: string, state: V0AgentState): void;
}

/** The mock's model has no vision, so image messages get the real server's refusal (§5.4). */
export const NO_VISION_MESSAGE = 'Model does not support image upload, change to a different model or try without an image.';

export type V0ActionOutcome =
  | { type: 'appended'; event: V0Event }
  | { type: 'refused'; message: string }
  /** The real server raises inside the handler: logged server-side, nothing reaches the client. */
  | { type: 'ignored'; reason: string };

const isObj = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** Turns an `oh_user_action` payload into a stored event with source `user`, as `Session.dispatch` does. */
export function handleV0UserAction(deps: V0ActionDeps, conversationId: string, payload: unknown): V0ActionOutcome {
  if (!isObj(payload)) return { type: 'ignored', reason: 'payload is not a dict' };
  const action = payload['action'];
  const args = isObj(payload['args']) ? payload['args'] : {};
  if (typeof action !== 'string') {
    if (typeof payload['observation'] !== 'string') return { type: 'ignored', reason: 'dict needs action or observation' };
    const { id: _id, timestamp: _timestamp, ...rest } = payload;
    return { type: 'appended', event: deps.log.append(conversationId, { ...rest, source: 'user' }) };
  }
  if (action === 'message') {
    if (typeof args['content'] !== 'string') return { type: 'ignored', reason: 'message needs string content' };
    const imageUrls = strings(args['image_urls']);
    if (imageUrls.length > 0) {
      deps.log.notify(conversationId, { error: true, message: NO_VISION_MESSAGE });
      return { type: 'refused', message: NO_VISION_MESSAGE };
    }
    const event = deps.log.append(conversationId, v0UserMessage(args['content'], [], strings(args['file_urls'])));
    deps.startAgent(conversationId, event);
    return { type: 'appended', event };
  }
  if (action === 'change_agent_state') {
    const state = args['agent_state'];
    if (typeof state !== 'string') return { type: 'ignored', reason: 'change_agent_state needs agent_state' };
    const event = deps.log.append(conversationId, { source: 'user', message: `Agent state changed to ${state}`, action, args: { agent_state: state, thought: '' } });
    if (state === 'stopped' || state === 'paused') deps.stopAgent(conversationId, state);
    else deps.log.append(conversationId, v0StateChanged(state as V0AgentState));
    return { type: 'appended', event };
  }
  const event = deps.log.append(conversationId, userAction(action, args));
  if (action === 'run' && typeof args['command'] === 'string') {
    deps.log.append(conversationId, v0RunObservation(event.id, args['command'], '', 0));
  }
  return { type: 'appended', event };
}

function userAction(action: string, args: Record<string, unknown>): V0Draft {
  const message = action === 'run' && typeof args['command'] === 'string' ? `Running command: ${args['command']}` : action;
  return { source: 'user', message, action, args };
}
