import { z } from 'zod';
import type { DecodedFrame } from '../record';
import type { Generation } from './generation';
import { cleanLine } from './summarize';
import { utf8Length } from './decode-frame';

/** First-message auth (protocol §1.3). */
export const AuthFrameSchema = z.looseObject({ type: z.literal('auth'), session_api_key: z.string() });

const ContentItemSchema = z.union([
  z.looseObject({ type: z.literal('text'), text: z.string() }),
  z.looseObject({ type: z.literal('image'), image_urls: z.array(z.string()) }),
]);

/** The V1 `Message` a client sends (content as a list or a bare string). */
export const ClientMessageSchema = z.looseObject({
  role: z.enum(['user', 'system', 'assistant', 'tool']),
  content: z.union([z.string(), z.array(ContentItemSchema)]),
  run: z.boolean().optional(),
});

/** V0 `oh_user_action` dict: a dict must carry `action` (or `observation`). */
export const V0UserActionSchema = z.looseObject({ action: z.string(), args: z.looseObject({}).optional() });

export const REDACTED = '<redacted>';

/** Replaces the key of an auth frame; any other text is returned unchanged. */
export function redactAuthFrame(text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  if (!AuthFrameSchema.safeParse(value).success) return text;
  return JSON.stringify({ ...(value as Record<string, unknown>), session_api_key: REDACTED });
}

function messageText(content: string | { type: string; text?: unknown }[]): string {
  if (typeof content === 'string') return content;
  return content.map((item) => (typeof item.text === 'string' ? item.text : `[${item.type}]`)).join(' ');
}

/** Classifies an outgoing client frame for the log; auth keys are redacted in `raw`. */
export function decodeOutgoing(protocol: Generation, text: string): DecodedFrame {
  const raw = redactAuthFrame(text);
  const base = { raw, rawEncoding: 'text' as const, size: utf8Length(raw), frameType: 'event' as const };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ...base, frameType: 'none', validity: 'not-json', category: 'other', summary: cleanLine(raw.slice(0, 200)) };
  }
  if (AuthFrameSchema.safeParse(value).success) return { ...base, validity: 'ok', category: 'control', kind: 'auth', summary: 'auth (key redacted)' };
  if (protocol === 'v0-socketio') {
    const action = V0UserActionSchema.safeParse(value);
    if (action.success) return { ...base, validity: 'ok', category: action.data.action === 'message' ? 'message' : 'control', kind: `action:${action.data.action}`, summary: cleanLine(`oh_user_action ${action.data.action} ${JSON.stringify(action.data.args ?? {}).slice(0, 200)}`) };
    return { ...base, validity: 'invalid', category: 'other', issues: action.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })), summary: 'invalid oh_user_action' };
  }
  const message = ClientMessageSchema.safeParse(value);
  if (message.success) return { ...base, validity: 'ok', category: 'message', kind: 'Message', summary: cleanLine(`${message.data.role}: ${messageText(message.data.content)}`) };
  return { ...base, validity: 'invalid', category: 'other', issues: message.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.'), message: i.message })), summary: 'invalid client frame' };
}
