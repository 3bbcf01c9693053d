/**
 * "Send again": turns a recorded user message or outgoing frame into a composer draft.
 * Outgoing frames come back verbatim (raw / oh_user_action JSON) so a tester can resend exactly
 * what was sent; a received user message comes back as its text and images.
 */
import type { LogRecord } from '../../shared/record';
import { AuthFrameSchema } from '../../shared/protocol/client-frames';
import type { ComposerDraft } from './draft';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function parse(record: LogRecord): unknown {
  if (record.rawEncoding !== 'text' || record.rawTruncated) return undefined;
  try {
    return JSON.parse(record.raw);
  } catch {
    return undefined;
  }
}

/** Text and image URLs of an SDK `Message` content list (or bare string). */
function fromContent(content: unknown): { text: string; images: string[] } | undefined {
  if (typeof content === 'string') return { text: content, images: [] };
  if (!Array.isArray(content)) return undefined;
  const texts: string[] = [];
  const images: string[] = [];
  for (const item of content) {
    if (!isObj(item)) continue;
    if (typeof item.text === 'string') texts.push(item.text);
    if (Array.isArray(item.image_urls)) images.push(...item.image_urls.filter((u): u is string => typeof u === 'string'));
  }
  return { text: texts.join('\n'), images };
}

function fromIncoming(value: unknown): ComposerDraft | undefined {
  if (!isObj(value)) return undefined;
  const event = isObj(value.event) ? value.event : value; // session-socket envelope
  if (event.kind === 'MessageEvent' && event.source === 'user' && isObj(event.llm_message)) {
    const content = fromContent(event.llm_message.content);
    return content && { mode: 'message', ...content };
  }
  if (event.action === 'message' && event.source === 'user' && isObj(event.args)) {
    const text = typeof event.args.content === 'string' ? event.args.content : '';
    const images = Array.isArray(event.args.image_urls) ? event.args.image_urls.filter((u): u is string => typeof u === 'string') : [];
    return { mode: 'message', text, images };
  }
  return undefined;
}

/** The draft for a record, or undefined when it is neither a user message nor a resendable outgoing frame. */
export function draftFromRecord(record: LogRecord): ComposerDraft | undefined {
  const value = parse(record);
  if (value === undefined) return undefined;
  if (record.direction === 'out') {
    if (AuthFrameSchema.safeParse(value).success) return undefined;
    const mode = record.protocol === 'v0-socketio' ? 'v0-action' : 'raw';
    return { mode, text: JSON.stringify(value, null, 2), images: [] };
  }
  return record.direction === 'in' ? fromIncoming(value) : undefined;
}

/**
 * Whether "Send again" takes this record once its full text is fetched: a user message or an
 * outgoing frame (not auth) whose listing is a preview. The port carries raw text over 4 KB as
 * a 4 KB preview (a long prompt, any message with an image), which cannot be parsed.
 */
export function sendAgainNeedsFullRecord(record: LogRecord): boolean {
  if (!record.rawTruncated || record.rawEncoding !== 'text') return false;
  if (record.direction === 'out') return record.kind !== 'auth';
  return record.direction === 'in' && record.source === 'user' && record.category === 'message';
}
