// Classification with the meaning of the reference client's type guards (protocol §2.5).
type Obj = Record<string, unknown>;

const SOURCES = new Set(['agent', 'user', 'environment', 'hook']);
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v.length > 0;
const kindOf = (v: unknown): string | undefined => (isObj(v) && typeof v['kind'] === 'string' ? v['kind'] : undefined);

export function isBaseEvent(e: unknown): e is Obj {
  return isObj(e) && nonEmpty(e['id']) && nonEmpty(e['timestamp']) && typeof e['source'] === 'string' && SOURCES.has(e['source']);
}

export function isV0Event(e: unknown): e is Obj {
  return isObj(e) && typeof e['id'] === 'number' && ('action' in e || 'observation' in e);
}

export function isActionEvent(e: unknown): boolean {
  return isBaseEvent(e) && e['source'] === 'agent' && kindOf(e['action']) !== undefined
    && typeof e['tool_name'] === 'string' && typeof e['tool_call_id'] === 'string';
}

export function isObservationEvent(e: unknown): boolean {
  return isBaseEvent(e) && e['source'] === 'environment' && 'action_id' in e && kindOf(e['observation']) !== undefined;
}

export function isAgentErrorEvent(e: unknown): boolean {
  return isBaseEvent(e) && e['source'] === 'agent' && typeof e['tool_name'] === 'string'
    && typeof e['tool_call_id'] === 'string' && typeof e['error'] === 'string';
}

export function isMessageEvent(e: unknown): boolean {
  return isBaseEvent(e) && isObj(e['llm_message']) && 'role' in e['llm_message'] && 'content' in e['llm_message'];
}

export function isUserMessageEvent(e: unknown): boolean {
  return isMessageEvent(e) && isObj(e) && isObj(e['llm_message']) && e['llm_message']['role'] === 'user';
}

export function isSystemPromptEvent(e: unknown): boolean {
  return isBaseEvent(e) && e['source'] === 'agent' && isObj(e['system_prompt']) && Array.isArray(e['tools']);
}

export function isConversationStateUpdateEvent(e: unknown, key?: string): boolean {
  return isObj(e) && e['kind'] === 'ConversationStateUpdateEvent' && (key === undefined || e['key'] === key);
}

export function isDisplayableErrorEvent(e: unknown): boolean {
  const kind = kindOf(e);
  return kind === 'ConversationErrorEvent' || kind === 'ServerErrorEvent';
}

const TERMINAL_ACTIONS = new Set(['ExecuteBashAction', 'TerminalAction']);
const TERMINAL_OBSERVATIONS = new Set(['ExecuteBashObservation', 'TerminalObservation']);

export function isTerminalActionEvent(e: unknown): boolean {
  return isActionEvent(e) && isObj(e) && TERMINAL_ACTIONS.has(kindOf(e['action']) ?? '');
}

export function isTerminalObservationEvent(e: unknown): boolean {
  return isObservationEvent(e) && isObj(e) && TERMINAL_OBSERVATIONS.has(kindOf(e['observation']) ?? '');
}
