import { z } from 'zod';
import { text } from './demo-events';
import type { NewEvent } from './store';

/** The SDK `Message` model as the socket path validates it (unknown keys ignored). */
const ContentItemSchema = z.union([
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('image'), image_urls: z.array(z.string()) }),
]);
export const InboundMessageSchema = z.object({
  role: z.enum(['user', 'system', 'assistant', 'tool']),
  content: z.union([z.string(), z.array(ContentItemSchema)]),
});

/** A redundant auth frame: only `type` and `session_api_key` keys. */
export const AuthFrameSchema = z.strictObject({ type: z.literal('auth'), session_api_key: z.string() });

export type InboundResult =
  | { ok: true; event: NewEvent }
  | { ok: true; ignored: true }
  | { ok: false; code: string; detail: string };

/**
 * Parses one inbound frame into a MessageEvent draft, or an error named like the Python exception.
 * A redundant auth frame is ignored, except by servers that predate first-message auth
 * (`authFrames: false`): to them it is a message that fails validation (§1.3).
 */
export function parseInbound(data: string, { authFrames = true }: { authFrames?: boolean } = {}): InboundResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch (error) {
    return { ok: false, code: 'JSONDecodeError', detail: (error as Error).message };
  }
  if (authFrames && AuthFrameSchema.safeParse(parsed).success) return { ok: true, ignored: true };
  const message = InboundMessageSchema.safeParse(parsed);
  if (!message.success) {
    return { ok: false, code: 'ValidationError', detail: `validation error for Message\n${message.error.message}` };
  }
  const { role, content } = message.data;
  const items = typeof content === 'string'
    ? [text(content)]
    : content.map((item) => ({ cache_prompt: false, ...item }));
  return {
    ok: true,
    event: {
      kind: 'MessageEvent', source: role === 'user' ? 'user' : 'agent',
      llm_message: { role, content: items, thinking_blocks: [] }, activated_skills: [], extended_content: [],
    },
  };
}

/** Reads `{"type":"auth","session_api_key":K}`; null when the frame is not a valid auth frame. */
export function authKeyOf(data: string): string | null {
  try {
    const parsed: unknown = JSON.parse(data);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const frame = parsed as Record<string, unknown>;
      if (frame['type'] === 'auth' && typeof frame['session_api_key'] === 'string') return frame['session_api_key'];
    }
  } catch {
    return null;
  }
  return null;
}
