/**
 * Draft → outgoing frame, validated with the same zod schemas the log uses for client frames
 * (protocol §1.6, §5.4). Nothing invalid leaves the composer: the caller gets the issues to
 * show inline instead.
 */
import type { OutgoingFrame } from '../../shared/port/messages';
import type { Generation } from '../../shared/protocol/generation';
import { AuthFrameSchema, ClientMessageSchema, V0UserActionSchema } from '../../shared/protocol/client-frames';
import type { ValidationIssue } from '../../shared/record';
import { sentUserText } from '../../shared/protocol/user-message-text';
import type { ComposerDraft } from './draft';
import { modesFor } from './draft';
import { isImageDataUrl } from './image-urls';

/** Larger frames are refused here rather than by a server that closes the socket on them. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;

export type BuildResult =
  | { ok: true; frame: OutgoingFrame; /** The V1 `Message` when the frame is one (the REST route can send it). */ message?: unknown }
  | { ok: false; issues: ValidationIssue[] };

const fail = (path: string, message: string): BuildResult => ({ ok: false, issues: [{ path, message }] });

function zodIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): ValidationIssue[] {
  return issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: `not JSON: ${(error as Error).message}` };
  }
}

function buildMessage(draft: ComposerDraft, protocol: Generation | undefined): BuildResult {
  const text = draft.text.trim();
  if (text === '' && draft.images.length === 0) return fail('text', 'type a message or attach an image');
  const badImage = draft.images.findIndex((url) => !isImageDataUrl(url));
  if (badImage >= 0) return fail(`images.${badImage}`, 'not an image data URL (data:image/…;base64,…)');
  if (protocol === 'v0-socketio') {
    const value = { action: 'message', args: { content: draft.text, image_urls: draft.images, file_urls: [], timestamp: new Date().toISOString() } };
    return { ok: true, frame: { as: 'v0-action', event: 'oh_user_action', value } };
  }
  const content: unknown[] = [];
  if (text !== '') content.push({ type: 'text', text: draft.text });
  if (draft.images.length > 0) content.push({ type: 'image', image_urls: draft.images });
  const message = { role: 'user', content };
  const checked = ClientMessageSchema.safeParse(message);
  if (!checked.success) return { ok: false, issues: zodIssues(checked.error.issues) };
  return { ok: true, frame: { as: 'json', value: message }, message };
}

function buildRaw(draft: ComposerDraft): BuildResult {
  const parsed = parseJson(draft.text);
  if (!parsed.ok) return fail('(json)', parsed.message);
  // The connection authenticates itself; a key typed here would end up in the composer history.
  if (AuthFrameSchema.safeParse(parsed.value).success) return fail('type', 'auth frames are sent by the connection, not the composer');
  const checked = ClientMessageSchema.safeParse(parsed.value);
  if (!checked.success) return { ok: false, issues: zodIssues(checked.error.issues) };
  return { ok: true, frame: { as: 'json', value: parsed.value }, message: parsed.value };
}

function buildV0Action(draft: ComposerDraft): BuildResult {
  const parsed = parseJson(draft.text);
  if (!parsed.ok) return fail('(json)', parsed.message);
  const checked = V0UserActionSchema.safeParse(parsed.value);
  if (!checked.success) return { ok: false, issues: zodIssues(checked.error.issues) };
  return { ok: true, frame: { as: 'v0-action', event: 'oh_user_action', value: parsed.value } };
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Validates a draft for the conversation's generation and builds the frame to send. */
export function buildFrame(draft: ComposerDraft, protocol: Generation | undefined): BuildResult {
  if (!modesFor(protocol).includes(draft.mode)) {
    return fail('mode', draft.mode === 'v0-action' ? 'oh_user_action is only understood by V0 (Socket.IO) servers' : 'V0 servers take an oh_user_action dict, not a raw V1 frame');
  }
  const result = draft.mode === 'message' ? buildMessage(draft, protocol) : draft.mode === 'raw' ? buildRaw(draft) : buildV0Action(draft);
  if (!result.ok) return result;
  const size = byteLength(JSON.stringify(result.frame.as === 'text' ? result.frame.text : result.frame.value));
  if (size > MAX_FRAME_BYTES) return fail('(frame)', `frame is ${size} bytes; the limit is ${MAX_FRAME_BYTES}`);
  return result;
}

/** Whether the log waits for the server's echo of a sent frame: a user message does; any other frame is just `sent`. */
export function awaitsEcho(frame: OutgoingFrame): boolean {
  return sentUserText(frame.as === 'text' ? frame.text : JSON.stringify(frame.value)) !== undefined;
}
