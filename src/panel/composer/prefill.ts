/**
 * "Send again": turns a recorded user message or outgoing frame into a composer draft.
 * Outgoing frames come back verbatim (raw / oh_user_action JSON) so a tester can resend exactly
 * what was sent; a received user message comes back as its text and images.
 */
import type { LogRecord } from '../../shared/record';
import { AuthFrameSchema } from '../../shared/protocol/client-frames';
import type { ComposerDraft } from './draft';
import { keepImageDataUrls } from './image-urls';

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

/** A draft for "Send again", and how many image URLs of the record it left out (not inline data). */
export interface SendAgain {
  draft: ComposerDraft;
  imagesLeftOut: number;
}

/** Text and image URLs of an SDK `Message` content list (or bare string). */
function fromContent(content: unknown): SendAgain | undefined {
  if (typeof content === 'string') return { draft: { mode: 'message', text: content, images: [] }, imagesLeftOut: 0 };
  if (!Array.isArray(content)) return undefined;
  const texts: string[] = [];
  const urls: unknown[] = [];
  for (const item of content) {
    if (!isObj(item)) continue;
    if (typeof item.text === 'string') texts.push(item.text);
    if (Array.isArray(item.image_urls)) urls.push(...item.image_urls);
  }
  const { images, leftOut } = keepImageDataUrls(urls);
  return { draft: { mode: 'message', text: texts.join('\n'), images }, imagesLeftOut: leftOut };
}

function fromIncoming(value: unknown): SendAgain | undefined {
  if (!isObj(value)) return undefined;
  const event = isObj(value.event) ? value.event : value; // session-socket envelope
  if (event.kind === 'MessageEvent' && event.source === 'user' && isObj(event.llm_message)) {
    return fromContent(event.llm_message.content);
  }
  if (event.action === 'message' && event.source === 'user' && isObj(event.args)) {
    const text = typeof event.args.content === 'string' ? event.args.content : '';
    const { images, leftOut } = keepImageDataUrls(Array.isArray(event.args.image_urls) ? event.args.image_urls : []);
    return { draft: { mode: 'message', text, images }, imagesLeftOut: leftOut };
  }
  return undefined;
}

/** "Send again" of a record, or undefined when it is neither a user message nor a resendable outgoing frame. */
export function sendAgainFromRecord(record: LogRecord): SendAgain | undefined {
  const value = parse(record);
  if (value === undefined) return undefined;
  if (record.direction === 'out') {
    if (AuthFrameSchema.safeParse(value).success) return undefined;
    const mode = record.protocol === 'v0-socketio' ? 'v0-action' : 'raw';
    return { draft: { mode, text: JSON.stringify(value, null, 2), images: [] }, imagesLeftOut: 0 };
  }
  return record.direction === 'in' ? fromIncoming(value) : undefined;
}

/** The draft for a record (see sendAgainFromRecord). */
export function draftFromRecord(record: LogRecord): ComposerDraft | undefined {
  return sendAgainFromRecord(record)?.draft;
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
