/**
 * The text of a user message, as we sent it and as the server published it: what the echo
 * match compares (background), and what tells the composer whether a frame it sent waits for an
 * echo at all (panel).
 */
import type { LogRecord } from '../record';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function textOf(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  return content.map((item) => (isObj(item) && typeof item['text'] === 'string' ? item['text'] : '')).join('');
}

function parse(raw: string): Obj | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    if (!isObj(value)) return undefined;
    return value['type'] === 'durable' && isObj(value['event']) ? value['event'] : value;
  } catch {
    return undefined;
  }
}

/** The text of a user message we sent (V1 `Message` with role user, V0 `message` action); else undefined. */
export function sentUserText(raw: string): string | undefined {
  const value = parse(raw);
  if (value === undefined) return undefined;
  if (value['role'] === 'user') return textOf(value['content']);
  if (value['action'] === 'message' && isObj(value['args'])) return textOf(value['args']['content']);
  return undefined;
}

/** The text of a user message the server published (V1 MessageEvent, V0 message action); else undefined. */
export function echoedUserText(record: LogRecord): string | undefined {
  if (record.direction !== 'in' || record.source !== 'user' || record.category !== 'message') return undefined;
  const value = parse(record.raw);
  if (value === undefined) return undefined;
  if (value['kind'] === 'MessageEvent' && isObj(value['llm_message'])) return textOf(value['llm_message']['content']);
  if (value['action'] === 'message' && isObj(value['args'])) return textOf(value['args']['content']);
  return undefined;
}
