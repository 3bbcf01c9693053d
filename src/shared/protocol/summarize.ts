/** One readable line per event: ANSI stripped, whitespace collapsed, truncated. */
const MAX_SUMMARY = 160;
// eslint-free literal: ESC followed by a CSI or OSC sequence.
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007]*\u0007)/g;

export function cleanLine(text: string): string {
  const flat = text.slice(0, 4 * MAX_SUMMARY).replace(ANSI, '').replace(/\s+/g, ' ').trim();
  const line = flat.length > MAX_SUMMARY ? `${flat.slice(0, MAX_SUMMARY - 1)}…` : flat;
  // A summary lives as long as its record. Engines keep slices and concatenations as views of
  // the text they came from (up to 640 chars here, or the whole payload when nothing was
  // replaced); reading a character makes the line flat, so it holds only its own ≤ 160 chars.
  line.charCodeAt(0);
  return line;
}

type Obj = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);

function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const texts = content.map((c) => str(obj(c)?.['text'])).filter((t): t is string => t !== undefined);
  return texts.length > 0 ? texts.join(' ') : undefined;
}

function nestedText(nested: Obj | undefined): string | undefined {
  if (nested === undefined) return undefined;
  return str(nested['command']) ?? str(nested['path']) ?? str(nested['url']) ?? str(nested['message'])
    ?? str(nested['thought']) ?? contentText(nested['content']);
}

function shortValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return Array.isArray(value) ? `[${value.length} items]` : '{…}';
}

/** Summary of a V1 event object (kind already known to be a string). */
export function summarizeV1(event: Obj, kind: string): string {
  const action = obj(event['action']);
  const observation = obj(event['observation']);
  const text =
    kind === 'MessageEvent' ? `${str(obj(event['llm_message'])?.['role']) ?? '?'}: ${contentText(obj(event['llm_message'])?.['content']) ?? ''}`
    : kind === 'ActionEvent' ? `${str(action?.['kind']) ?? str(event['tool_name']) ?? 'action'} ${nestedText(action) ?? ''}`
    : kind === 'ObservationEvent' ? `${str(observation?.['kind']) ?? 'observation'} ${nestedText(observation) ?? ''}`
    : kind === 'ConversationStateUpdateEvent' ? `${str(event['key']) ?? '?'}=${shortValue(event['value'])}`
    : kind === 'AgentErrorEvent' ? `error: ${str(event['error']) ?? ''}`
    : kind === 'ConversationErrorEvent' || kind === 'ServerErrorEvent' ? `${str(event['code']) ?? ''}: ${str(event['detail']) ?? ''}`
    : kind === 'UserRejectObservation' ? `rejected: ${str(event['rejection_reason']) ?? ''}`
    : kind === 'StreamingDeltaEvent' ? str(event['content']) ?? str(event['reasoning_content']) ?? ''
    : kind === 'HookExecutionEvent' ? `${str(event['hook_event_type']) ?? 'hook'} ${str(event['hook_command']) ?? ''}`
    : kind === 'ACPToolCallEvent' ? str(event['title']) ?? ''
    : kind === 'CondensationSummaryEvent' || kind === 'Condensation' ? str(event['summary']) ?? 'condensation'
    : '';
  return cleanLine(`${kind} ${text}`);
}

/** Summary of a V0 oh_event payload. */
export function summarizeV0(payload: Obj): string {
  if (payload['error'] === true) return cleanLine(`error: ${shortValue(payload['message'])}`);
  if (payload['status_update'] === true) return cleanLine(`status ${shortValue(payload['type'])} ${shortValue(payload['id'])}: ${shortValue(payload['message'] ?? '')}`);
  const type = str(payload['action']) ?? str(payload['observation']) ?? '?';
  const args = obj(payload['args']);
  const detail = str(payload['message']) ?? nestedText(args) ?? str(payload['content']) ?? '';
  return cleanLine(`${payload['action'] !== undefined ? 'action' : 'observation'}:${type} ${detail}`);
}
