/**
 * What the composer edits. A draft is plain data (it is saved in templates and history), and
 * it becomes a wire frame only through `buildFrame`, which validates it first.
 */
import { z } from 'zod';
import type { Generation } from '../../shared/protocol/generation';

/** `message`: a user message (text + images); `raw`: a V1 client frame as JSON; `v0-action`: an `oh_user_action` dict. */
export const ComposerModeSchema = z.enum(['message', 'raw', 'v0-action']);
export type ComposerMode = z.infer<typeof ComposerModeSchema>;

export const ComposerDraftSchema = z.object({
  mode: ComposerModeSchema,
  /** Message text (message mode) or JSON text (raw and v0-action modes). */
  text: z.string().max(4_000_000),
  /** Image data URLs attached to a message. */
  images: z.array(z.string()).max(20).default([]),
});
export type ComposerDraft = z.infer<typeof ComposerDraftSchema>;

export const emptyDraft = (mode: ComposerMode = 'message'): ComposerDraft => ({ mode, text: '', images: [] });

/** The modes a generation understands: V1 sockets take `Message` JSON, V0 takes `oh_user_action`. */
export function modesFor(protocol: Generation | undefined): ComposerMode[] {
  return protocol === 'v0-socketio' ? ['message', 'v0-action'] : ['message', 'raw'];
}

export const MODE_LABELS: Record<ComposerMode, string> = {
  message: 'User message',
  raw: 'Raw JSON frame',
  'v0-action': 'oh_user_action',
};
