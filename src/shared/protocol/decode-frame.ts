import type { DecodedFrame, FrameType, RecordCategory, ValidationIssue } from '../record';
import type { Generation } from './generation';
import { BaseEventSchema, MAX_FACT_CHARS, V1_EVENT_SCHEMAS } from './v1-events';
import { NESTED_SCHEMAS } from './v1-nested';
import { cleanLine, summarizeV0, summarizeV1 } from './summarize';
import type { z } from 'zod';

type Obj = Record<string, unknown>;
const MAX_ISSUES = 20;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * A linking field (nested kind, state key, action and tool-call ids) as the record keeps it:
 * left out, with an issue, when longer than any real one (see MAX_FACT_CHARS).
 */
function factOf(owner: Obj | undefined, field: string, path: string, issues: ValidationIssue[]): string | undefined {
  const value = str(owner?.[field]);
  if (value === undefined || value.length <= MAX_FACT_CHARS) return value;
  issues.push({ path, message: `${value.length.toLocaleString('en')} characters: at most ${MAX_FACT_CHARS}` });
  return undefined;
}
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** UTF-8 byte length without allocating (the hot path sees tens of thousands of frames/s). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { bytes += 4; i++; }
    else bytes += 3;
  }
  return bytes;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function issuesOf(error: z.ZodError, prefix: string): ValidationIssue[] {
  return error.issues.slice(0, MAX_ISSUES).map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.'),
    message: issue.message,
  }));
}

const CATEGORY_BY_KIND: Record<string, RecordCategory> = {
  MessageEvent: 'message', ActionEvent: 'action', ObservationEvent: 'observation', UserRejectObservation: 'observation',
  ACPToolCallEvent: 'action', AgentErrorEvent: 'error', ConversationErrorEvent: 'error', ServerErrorEvent: 'error',
  ConversationStateUpdateEvent: 'state', SystemPromptEvent: 'system', StreamingDeltaEvent: 'stream', TokenEvent: 'stream',
  PauseEvent: 'control', InterruptEvent: 'control', Condensation: 'system', CondensationRequest: 'system',
  CondensationSummaryEvent: 'system', HookExecutionEvent: 'system', LLMCompletionLogEvent: 'system',
};

type EventFacts = Omit<DecodedFrame, 'raw' | 'rawEncoding' | 'size' | 'frameType'>;

/** Validates one V1 event object; `prefix` is the dotted path of the event inside its frame. */
export function decodeV1Event(value: unknown, prefix = ''): EventFacts {
  const schema = isObj(value) ? V1_EVENT_SCHEMAS.get(str(value['kind']) ?? '') : undefined;
  // Every kind's schema extends the base one, so for a known kind one parse checks both; the
  // base schema runs on its own for unknown kinds, and to tell which kind of invalid it is.
  const checked = schema?.safeParse(value);
  if (checked?.success !== true) {
    const base = BaseEventSchema.safeParse(value);
    if (!base.success || !isObj(value)) {
      return { validity: 'invalid', issues: base.success ? [] : issuesOf(base.error, prefix), category: 'other', summary: 'invalid event' };
    }
  }
  // Checked above: the base fields are strings.
  const event = value as { kind: string; id: string; source: string; timestamp: string } & Obj;
  const nestedField = isObj(event['action']) ? 'action' : isObj(event['observation']) ? 'observation' : undefined;
  const nested = nestedField === undefined ? undefined : (event[nestedField] as Obj);
  const nestedChecked = nested === undefined ? undefined : NESTED_SCHEMAS.get(String(nested['kind']))?.safeParse(nested);
  const issues = [
    ...(checked !== undefined && !checked.success ? issuesOf(checked.error, prefix) : []),
    ...(nestedChecked !== undefined && !nestedChecked.success ? issuesOf(nestedChecked.error, [prefix, nestedField].filter(Boolean).join('.')) : []),
  ];
  const at = (field: string) => [prefix, field].filter(Boolean).join('.');
  const tooLong: ValidationIssue[] = [];
  const facts = {
    nestedKind: factOf(nested, 'kind', at(`${nestedField ?? ''}.kind`), tooLong),
    stateKey: event.kind === 'ConversationStateUpdateEvent' ? factOf(event, 'key', at('key'), tooLong) : undefined,
    actionId: factOf(event, 'action_id', at('action_id'), tooLong),
    toolCallId: factOf(event, 'tool_call_id', at('tool_call_id'), tooLong),
  };
  issues.push(...tooLong);
  return {
    validity: tooLong.length > 0 ? 'invalid' : schema === undefined ? 'unknown-kind' : issues.length === 0 ? 'ok' : 'invalid',
    ...(issues.length > 0 ? { issues } : {}),
    category: CATEGORY_BY_KIND[event.kind] ?? 'other',
    eventId: event.id, kind: event.kind, source: event.source, timestamp: event.timestamp,
    ...facts,
    summary: summarizeV1(event, event.kind),
  };
}

function decodeSession(value: Obj): EventFacts & { frameType: FrameType } {
  const type = str(value['type']);
  if (type === 'durable' || type === 'transient') {
    const facts = decodeV1Event(value['event'], 'event');
    const seq = num(value['seq']);
    const seqOk = type === 'transient' || seq !== undefined;
    return {
      ...facts, frameType: type, ...(seq !== undefined ? { serverSeq: seq } : {}),
      ...(seqOk ? {} : { validity: 'invalid', issues: [...(facts.issues ?? []), { path: 'seq', message: 'durable frame needs a numeric seq' }] }),
    };
  }
  if (type === 'sync') {
    const fromSeq = num(value['from_seq']) ?? null;
    const throughSeq = num(value['through_seq']) ?? null;
    return { validity: 'ok', frameType: 'sync', category: 'control', sync: { fromSeq, throughSeq }, summary: `sync from ${fromSeq} through ${throughSeq}` };
  }
  if (type === 'item_started' || type === 'delta' || type === 'item_aborted') return decodeStream(value, type);
  if (type === 'error') {
    return { validity: 'ok', frameType: 'error', category: 'error', summary: cleanLine(`socket error ${String(value['code'])}: ${String(value['detail'])}`) };
  }
  if (type === undefined) {
    return { validity: 'invalid', frameType: 'none', category: 'other', issues: [{ path: 'type', message: 'session frame needs a string type' }], summary: 'invalid session frame' };
  }
  return { validity: 'ok', frameType: 'unknown-envelope', category: 'other', summary: cleanLine(`unknown envelope ${type}`) };
}

function decodeStream(value: Obj, type: 'item_started' | 'delta' | 'item_aborted'): EventFacts & { frameType: FrameType } {
  const itemId = str(value['item_id']);
  if (itemId === undefined) {
    return { validity: 'invalid', frameType: type, category: 'stream', issues: [{ path: 'item_id', message: 'expected string' }], summary: `invalid ${type}` };
  }
  const stream = {
    itemId, attempt: num(value['attempt']) ?? 1,
    ...(num(value['order']) !== undefined ? { order: num(value['order']) } : {}),
    ...(str(value['kind']) !== undefined ? { deltaKind: str(value['kind']) } : {}),
    ...(str(value['content']) !== undefined ? { content: str(value['content']) } : {}),
    ...(num(value['anchor_seq']) !== undefined ? { anchorSeq: num(value['anchor_seq']) } : {}),
    ...(str(value['reason']) !== undefined ? { reason: str(value['reason']) } : {}),
  };
  return { validity: 'ok', frameType: type, category: 'stream', stream, summary: cleanLine(`${type} ${itemId} ${stream.content ?? stream.reason ?? ''}`) };
}

/** An agent that changed to the `error` state is an error (§5.6 shows it as the banner), not only a state change. */
function v0Category(action: string | undefined, observation: string | undefined, value: Obj): RecordCategory {
  if (action === 'message' || observation === 'chat') return 'message';
  if (observation === 'error') return 'error';
  if (observation === 'agent_state_changed') {
    const extras = value['extras'];
    const agentState = typeof extras === 'object' && extras !== null ? (extras as Obj)['agent_state'] : undefined;
    return agentState === 'error' ? 'error' : 'state';
  }
  return action !== undefined ? 'action' : 'observation';
}

function decodeV0(value: Obj): EventFacts & { frameType: FrameType } {
  if (value['error'] === true) return { validity: 'ok', frameType: 'v0-error', category: 'error', summary: summarizeV0(value) };
  // An error status is the V0 client's error banner (§5.6), not a state change: the error filter and the timeline's errors look for category `error`.
  if (value['status_update'] === true) return { validity: 'ok', frameType: 'v0-status', category: value['type'] === 'error' ? 'error' : 'state', summary: summarizeV0(value) };
  const action = str(value['action']);
  const observation = str(value['observation']);
  if (action === undefined && observation === undefined) {
    return { validity: 'invalid', frameType: 'none', category: 'other', issues: [{ path: 'action', message: 'V0 event needs action or observation' }], summary: 'invalid V0 payload' };
  }
  const tooLong = [['action', action], ['observation', observation]].find(([, v]) => v !== undefined && v.length > MAX_FACT_CHARS);
  if (tooLong) {
    return { validity: 'invalid', frameType: 'none', category: 'other', issues: [{ path: tooLong[0]!, message: `${tooLong[1]!.length.toLocaleString('en')} characters: at most ${MAX_FACT_CHARS}` }], summary: 'invalid V0 payload' };
  }
  const id = num(value['id']);
  const cause = num(value['cause']);
  return {
    validity: 'ok', frameType: 'v0-event',
    category: v0Category(action, observation, value),
    kind: action !== undefined ? `action:${action}` : `observation:${String(observation)}`,
    ...(id !== undefined ? { serverSeq: id, eventId: String(id) } : {}),
    ...(cause !== undefined ? { actionId: String(cause) } : {}),
    source: factOf(value, 'source', 'source', []), timestamp: factOf(value, 'timestamp', 'timestamp', []),
    summary: summarizeV0(value),
  };
}

function decodeParsed(protocol: Generation, value: unknown): EventFacts & { frameType: FrameType } {
  if (!isObj(value)) {
    return { validity: 'invalid', frameType: 'none', category: 'other', issues: [{ path: '', message: `expected an object, got ${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value}` }], summary: 'not an object' };
  }
  if (protocol === 'v1-session') return decodeSession(value);
  if (protocol === 'v0-socketio') return decodeV0(value);
  // Added to the facts, not spread into a copy: a copy per event is measurable on a REST page.
  const facts: EventFacts & { frameType?: FrameType } = decodeV1Event(value);
  facts.frameType = facts.validity === 'invalid' && facts.kind === undefined ? 'none' : 'event';
  return facts as EventFacts & { frameType: FrameType };
}

/** Decodes one server frame of `protocol`. Never throws, whatever the input. */
export function decodeFrame(protocol: Generation, data: string | ArrayBuffer | Uint8Array): DecodedFrame {
  if (typeof data !== 'string') return decodeBinary(data);
  const envelope = { raw: data, rawEncoding: 'text' as const, size: utf8Length(data) };
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (error) {
    const reason = error instanceof RangeError ? 'too deeply nested' : 'not JSON';
    return { ...envelope, validity: 'not-json', frameType: 'none', category: 'other', summary: cleanLine(`${reason}: ${data.slice(0, 200)}`) };
  }
  try {
    return withDefinedFacts(envelope, decodeParsed(protocol, value));
  } catch (error) {
    return { ...envelope, validity: 'invalid', frameType: 'none', category: 'other', issues: [{ path: '', message: `could not validate: ${error instanceof Error ? error.message : 'unknown'}` }], summary: 'invalid frame' };
  }
}

function decodeBinary(data: ArrayBuffer | Uint8Array): DecodedFrame {
  try {
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    return { validity: 'binary', raw: toBase64(bytes), rawEncoding: 'base64', size: bytes.byteLength, frameType: 'none', category: 'other', summary: `binary frame (${bytes.byteLength} bytes)` };
  } catch {
    return { validity: 'binary', raw: '', rawEncoding: 'base64', size: 0, frameType: 'none', category: 'other', summary: 'unreadable binary frame' };
  }
}

/**
 * The envelope plus the facts that are defined. Port messages are structured-cloned and
 * compared in tests: keep absent fields absent. One copy in one loop: a delete turned the
 * object into a dictionary (every later spread of the frame then took the slow path, about
 * 3 µs per event instead of 1), and spreading envelope and facts into a literal before copying
 * it again took about 6 µs per event, two thirds of decoding a REST page (Node, demo mix).
 */
function withDefinedFacts(envelope: Pick<DecodedFrame, 'raw' | 'rawEncoding' | 'size'>, facts: EventFacts & { frameType: FrameType }): DecodedFrame {
  // Grown from an empty literal, as the copy before was: the records the log keeps are cloned
  // from a frame, so their layout (and the SW heap per record) stays as measured before.
  const frame: Record<string, unknown> = {};
  frame['raw'] = envelope.raw;
  frame['rawEncoding'] = envelope.rawEncoding;
  frame['size'] = envelope.size;
  for (const key in facts) {
    const value = facts[key as keyof typeof facts];
    if (value !== undefined) frame[key] = value;
  }
  return frame as unknown as DecodedFrame;
}
