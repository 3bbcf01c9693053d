/**
 * Composer templates: a few built in, the rest saved by the person through a storage seam
 * (browser.storage.local in the entry, a Map in tests) and exchanged as a JSON file.
 * Stored and imported data is validated; a bad file is refused with the reason, and
 * the templates already saved are kept.
 */
import { z } from 'zod';
import { ComposerDraftSchema } from './draft';

export const TemplateSchema = z.object({ name: z.string().trim().min(1).max(120), draft: ComposerDraftSchema });
export type Template = z.infer<typeof TemplateSchema>;

export const TEMPLATE_FILE_FORMAT = 'conversation-devtools-templates';
export const MAX_SAVED_TEMPLATES = 200;

export const TemplateFileSchema = z.object({
  format: z.literal(TEMPLATE_FILE_FORMAT),
  version: z.literal(1),
  templates: z.array(TemplateSchema).max(MAX_SAVED_TEMPLATES),
});

export const BUILT_IN_TEMPLATES: readonly Template[] = [
  { name: 'Hello', draft: { mode: 'message', text: 'Hello! What can you do?', images: [] } },
  { name: 'Run the tests', draft: { mode: 'message', text: 'Run the tests and tell me what fails.', images: [] } },
  {
    name: 'Message frame (V1)',
    draft: { mode: 'raw', text: JSON.stringify({ role: 'user', content: [{ type: 'text', text: 'ping' }], run: true }, null, 2), images: [] },
  },
  {
    name: 'Stop agent (V0)',
    draft: { mode: 'v0-action', text: JSON.stringify({ action: 'change_agent_state', args: { agent_state: 'stopped' } }, null, 2), images: [] },
  },
  {
    name: 'Message (V0)',
    draft: { mode: 'v0-action', text: JSON.stringify({ action: 'message', args: { content: 'Hello', image_urls: [], file_urls: [] } }, null, 2), images: [] },
  },
];

/** A storage.local-like area: the entry passes `browser.storage.local`. */
export interface StorageAreaLike {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export interface TemplateStorage {
  load(): Promise<Template[]>;
  save(templates: readonly Template[]): Promise<void>;
}

const STORAGE_KEY = 'composer.templates';

/** Saved templates in a storage area; unreadable stored data loads as none (and is overwritten on the next save). */
export function templateStorageIn(area: StorageAreaLike): TemplateStorage {
  return {
    async load() {
      const stored = (await area.get(STORAGE_KEY))[STORAGE_KEY];
      const parsed = z.array(TemplateSchema).safeParse(stored);
      return parsed.success ? parsed.data : [];
    },
    async save(templates) {
      await area.set({ [STORAGE_KEY]: templates.slice(0, MAX_SAVED_TEMPLATES) });
    },
  };
}

/** Adds or replaces (by name) one template. */
export function upsertTemplate(templates: readonly Template[], template: Template): Template[] {
  const rest = templates.filter((t) => t.name !== template.name);
  return [...rest, template].slice(-MAX_SAVED_TEMPLATES);
}

export function exportTemplates(templates: readonly Template[]): string {
  return JSON.stringify({ format: TEMPLATE_FILE_FORMAT, version: 1, templates }, null, 2);
}

export type TemplateImport = { ok: true; templates: Template[] } | { ok: false; error: string };

/** Parses a template file; merges nothing (the caller decides). */
export function parseTemplateFile(text: string): TemplateImport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not JSON: ${(error as Error).message}` };
  }
  const parsed = TemplateFileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `not a template file: ${issue ? `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}` : 'invalid'}` };
  }
  return { ok: true, templates: parsed.data.templates };
}
