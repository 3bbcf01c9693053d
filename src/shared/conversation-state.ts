/**
 * Conversation state derived from log records, pure and incremental so time travel
 * can fold one record at a time. Records only carry `raw`: it is re-parsed here and
 * invalid JSON is skipped (the record itself already says why it is invalid).
 */
import type { LogRecord } from './record';

export interface ConversationError {
  origin: 'agent' | 'conversation' | 'server';
  message: string;
  seq: number;
}

export interface ConversationState {
  executionStatus?: string;
  title?: string;
  lastUserMessage?: string;
  /** Cost summed across usage ids (last value per usage id). */
  cost: number;
  promptTokens: number;
  completionTokens: number;
  /**
   * Action event id → tool_call_id, for actions with no answer yet, oldest first. A Map, not an
   * object: an id like "__proto__" is a key like any other. Never changed once a state holds it
   * (see Fold): a new state gets a new map.
   */
  pendingActions: ReadonlyMap<string, string | undefined>;
  /** The newest errors, at most STATE_ERRORS_KEPT of them, oldest first. */
  errors: ConversationError[];
  /** Every error folded so far, including those no longer in `errors`. */
  errorCount: number;
  usage: Record<string, { cost: number; promptTokens: number; completionTokens: number }>;
}

export const emptyState = (): ConversationState => ({
  cost: 0, promptTokens: 0, completionTokens: 0, pendingActions: new Map(), errors: [], errorCount: 0, usage: {},
});

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * Text that the raw frame of every event this file folds must contain: each V1 kind it reads,
 * and each V0 value it tests (`agent_state_changed`, `error` for an error observation or status,
 * `user` for the person's message). A JSON string spells them literally unless it uses a `\u`
 * escape, so a frame with none of them and no `\u` cannot change the state and is not parsed.
 */
const FOLDED_TEXT = [
  'ConversationStateUpdateEvent', 'ActionEvent', 'ObservationEvent', 'UserRejectObservation', 'AgentErrorEvent',
  'ConversationErrorEvent', 'ServerErrorEvent', 'MessageEvent', 'agent_state_changed', 'error', 'user',
];

/** False only when `raw` cannot hold an event the reducers act on (see FOLDED_TEXT). */
export function mayChangeState(raw: string): boolean {
  return raw.includes('\\u') || FOLDED_TEXT.some((text) => raw.includes(text));
}

/**
 * V1 kinds whose fold reads the event's own text: state values and errors (and the person's own
 * messages, see foldReadsRaw). The other folded kinds (ActionEvent, ObservationEvent,
 * UserRejectObservation) need only the ids and links decoding took out (`fromDecodedFields`).
 */
const FOLDED_FROM_RAW = new Set([
  'ConversationStateUpdateEvent', 'AgentErrorEvent', 'ConversationErrorEvent', 'ServerErrorEvent',
]);

/**
 * Whether `reduceState` reads more of this record than its decoded fields: the panel must then
 * hold its raw text. Every other record folds the same from a listing without raw (the SW keeps
 * the payload; see the port's listing rule), which is what keeps 100k records small in the panel.
 */
export function foldReadsRaw(record: LogRecord): boolean {
  if (record.direction === 'meta' || record.rawEncoding !== 'text') return false;
  if (record.frameType === 'error' || record.frameType === 'v0-status' || record.frameType === 'v0-error') return true;
  if (record.kind === undefined) return false;
  // V0 folds from fields (observation, action, source) that a frame may carry in any mix, so
  // the text test is the safe rule there.
  if (record.protocol === 'v0-socketio') return mayChangeState(record.raw);
  // Only the person's own messages set lastUserMessage; any other V1 kind falls through reduceV1's switch untouched.
  if (record.kind === 'MessageEvent') return record.source === 'user';
  return FOLDED_FROM_RAW.has(record.kind);
}

function parseEvent(record: LogRecord): Json | undefined {
  if (record.rawEncoding !== 'text' || record.direction === 'meta') return undefined;
  if (record.rawTruncated) return fromDecodedFields(record);
  if (record.frameType !== 'error' && !mayChangeState(record.raw)) return undefined;
  try {
    const value: unknown = JSON.parse(record.raw);
    if (!isObj(value)) return undefined;
    // Session-socket envelopes carry the event inside `event`.
    return isObj(value.event) ? value.event : value;
  } catch {
    return undefined;
  }
}

/**
 * A preview cut for the port (a big observation, say) is not JSON any more, but the SW read what
 * the fold needs when it decoded the frame: kind, ids, links. Without this a big observation
 * left its action pending for good. (State updates are not cut: see the port preview limits.)
 */
function fromDecodedFields(record: LogRecord): Json | undefined {
  if (record.kind === undefined || record.protocol === 'v0-socketio') return undefined;
  return {
    kind: record.kind, id: record.eventId, source: record.source,
    action_id: record.actionId, tool_call_id: record.toolCallId, error: record.summary,
  };
}

function withStats(state: ConversationState, stats: unknown): ConversationState {
  if (!isObj(stats) || !isObj(stats.usage_to_metrics)) return state;
  // No prototype: a usage id "__proto__" is summed like any other (assigning it set the prototype).
  const usage: ConversationState['usage'] = Object.assign(Object.create(null) as ConversationState['usage'], state.usage);
  for (const [id, metrics] of Object.entries(stats.usage_to_metrics)) {
    if (!isObj(metrics)) continue;
    const tokens = isObj(metrics.accumulated_token_usage) ? metrics.accumulated_token_usage : {};
    Object.defineProperty(usage, id, {
      value: { cost: num(metrics.accumulated_cost), promptTokens: num(tokens.prompt_tokens), completionTokens: num(tokens.completion_tokens) },
      enumerable: true, writable: true, configurable: true,
    });
  }
  const all = Object.values(usage);
  return {
    ...state, usage,
    cost: all.reduce((s, u) => s + u.cost, 0),
    promptTokens: all.reduce((s, u) => s + u.promptTokens, 0),
    completionTokens: all.reduce((s, u) => s + u.completionTokens, 0),
  };
}

function withStateUpdate(state: ConversationState, key: unknown, value: unknown): ConversationState {
  if (key === 'full_state' && isObj(value)) {
    let next = withStats(state, value.stats);
    const status = str(value.execution_status);
    if (status) next = { ...next, executionStatus: status };
    const title = str(value.title);
    return title ? { ...next, title } : next;
  }
  if (key === 'execution_status' && typeof value === 'string') return { ...state, executionStatus: value };
  if (key === 'stats') return withStats(state, value);
  if (key === 'title' && typeof value === 'string') return { ...state, title: value };
  return state;
}

/**
 * One fold over a run of records. Copying the pending map on every ActionEvent made a
 * conversation of thousands of unanswered actions cost the square of their number (15,000 of
 * them: 40 s of panel script). A fold copies the map it was given at most once, on its first
 * change, and then changes its own copy in place: the states it returns on the way share that
 * copy, so only the last one is kept by a caller (StateFolder keeps one per run and checkpoint).
 */
class Fold {
  private owned: Map<string, string | undefined> | undefined;

  /** The map of `state`, ready to change: the fold's own copy. */
  pendingOf(state: ConversationState): Map<string, string | undefined> {
    if (this.owned !== state.pendingActions) this.owned = new Map(state.pendingActions);
    return this.owned;
  }

  withAction(state: ConversationState, id: string, toolCallId: string | undefined): ConversationState {
    const pending = this.pendingOf(state);
    pending.set(id, toolCallId);
    return pending === state.pendingActions ? state : { ...state, pendingActions: pending };
  }

  /**
   * Drops the actions an observation or error answers. Nothing is copied unless one matches, and
   * without a tool_call_id the action id is looked up instead of scanning every pending one.
   */
  answerAction(state: ConversationState, actionId: unknown, toolCallId: unknown): ConversationState {
    const current = state.pendingActions;
    const matches: string[] = [];
    if (toolCallId === undefined) {
      if (typeof actionId === 'string' && current.has(actionId)) matches.push(actionId);
    } else {
      for (const [id, call] of current) if (id === actionId || call === toolCallId) matches.push(id);
    }
    if (matches.length === 0) return state;
    const pending = this.pendingOf(state);
    for (const id of matches) pending.delete(id);
    return pending === current ? state : { ...state, pendingActions: pending };
  }
}

/**
 * The state keeps only the newest errors: a flood of agent errors would otherwise grow it, and
 * copy it, without end. The connection timeline lists more of them; `errorCount` says how many.
 */
export const STATE_ERRORS_KEPT = 50;

function addError(state: ConversationState, origin: ConversationError['origin'], message: string, seq: number) {
  const kept = state.errors.length >= STATE_ERRORS_KEPT ? state.errors.slice(1 - STATE_ERRORS_KEPT) : state.errors;
  return { ...state, errors: [...kept, { origin, message, seq }], errorCount: state.errorCount + 1 };
}

function messageText(event: Json): string | undefined {
  const message = isObj(event.llm_message) ? event.llm_message : undefined;
  if (!message || !Array.isArray(message.content)) return undefined;
  return message.content.map((c) => (isObj(c) ? str(c.text) ?? '' : '')).join('');
}

function reduceV1(fold: Fold, state: ConversationState, event: Json, seq: number): ConversationState {
  switch (event.kind) {
    case 'ConversationStateUpdateEvent':
      return withStateUpdate(state, event.key, event.value);
    case 'ActionEvent': {
      const id = str(event.id);
      return id ? fold.withAction(state, id, str(event.tool_call_id)) : state;
    }
    case 'ObservationEvent':
    case 'UserRejectObservation':
      return fold.answerAction(state, event.action_id, event.tool_call_id);
    case 'AgentErrorEvent':
      return addError(fold.answerAction(state, event.action_id, event.tool_call_id), 'agent', str(event.error) ?? 'agent error', seq);
    case 'ConversationErrorEvent':
      return addError(state, 'conversation', str(event.detail) ?? str(event.code) ?? 'conversation error', seq);
    case 'ServerErrorEvent':
      return addError(state, 'server', str(event.detail) ?? str(event.code) ?? 'server error', seq);
    case 'MessageEvent': {
      const text = event.source === 'user' ? messageText(event) : undefined;
      return text !== undefined ? { ...state, lastUserMessage: text } : state;
    }
    default:
      return state;
  }
}

function reduceV0(state: ConversationState, event: Json, seq: number): ConversationState {
  const extras = isObj(event.extras) ? event.extras : {};
  if (event.observation === 'agent_state_changed' && typeof extras.agent_state === 'string') {
    return { ...state, executionStatus: extras.agent_state };
  }
  if (event.observation === 'error') return addError(state, 'agent', str(event.message) ?? str(event.content) ?? 'error', seq);
  if (event.action === 'message' && event.source === 'user') {
    const text = str(isObj(event.args) ? event.args.content : undefined) ?? str(event.message);
    return text !== undefined ? { ...state, lastUserMessage: text } : state;
  }
  if (event.status_update === true && event.type === 'error') return addError(state, 'server', str(event.message) ?? 'error', seq);
  return state;
}

function foldOne(fold: Fold, state: ConversationState, record: LogRecord): ConversationState {
  if (record.meta?.type === 'error' && record.meta.origin === 'server') {
    return addError(state, 'server', record.meta.message, record.seq);
  }
  const event = parseEvent(record);
  if (!event) return state;
  // Session-socket `error` envelopes: a problem with this socket, reported by the server.
  if (record.frameType === 'error') return addError(state, 'server', str(event.detail) ?? str(event.code) ?? 'server error', record.seq);
  return typeof event.kind === 'string' ? reduceV1(fold, state, event, record.seq) : reduceV0(state, event, record.seq);
}

/** Folds one record into the state (never mutates `state`). Many records: foldRecords. */
export function reduceState(state: ConversationState, record: LogRecord): ConversationState {
  return foldOne(new Fold(), state, record);
}

/**
 * Folds records[from .. to-1] into `state` (never mutates `state`), copying its pending map at
 * most once however many actions come and go: the way to fold a batch.
 */
export function foldRecords(state: ConversationState, records: readonly LogRecord[], from = 0, to = records.length): ConversationState {
  const fold = new Fold();
  for (let i = from; i < to && i < records.length; i++) state = foldOne(fold, state, records[i] as LogRecord);
  return state;
}

/** State after records[0..uptoIndex] inclusive (all records when uptoIndex is omitted). */
export function deriveState(records: readonly LogRecord[], uptoIndex = records.length - 1): ConversationState {
  return foldRecords(emptyState(), records, 0, uptoIndex + 1);
}
