/**
 * Composer templates: a few built in, the rest saved by the person through a storage seam
 * (browser.storage.local in the entry, a Map in tests) and exchanged as a JSON file.
 * Stored and imported data is validated; a bad file is refused with the reason, and
 * the templates already saved are kept. A stored entry that is not a valid template is left out
 * (and counted); stored data that is not a list at all is never replaced.
 */
import { z } from 'zod';
import { ComposerDraftSchema } from './draft';
import { keepImageDataUrls } from './image-urls';

/** Longest template name (the name input stops there). */
export const TEMPLATE_NAME_MAX = 120;

export const TemplateSchema = z.object({ name: z.string().trim().min(1).max(TEMPLATE_NAME_MAX), draft: ComposerDraftSchema });
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

/** What a load found in storage. */
export interface TemplateLoad {
  /** The valid saved templates. */
  templates: Template[];
  /** Stored entries left out: not valid templates (kept in storage by a save), or past MAX_SAVED_TEMPLATES. */
  dropped: number;
  /** Why nothing could be read: the stored value is not a list (another version's format, an edit by hand). */
  unreadable?: string;
}

export interface TemplateStorage {
  load(): Promise<TemplateLoad>;
  /** Refuses (rejects) invalid templates, and refuses to replace stored data that is not a list. */
  save(templates: readonly Template[]): Promise<void>;
  /**
   * Deletes what this version cannot read (entries, or a stored value that is not a list) and
   * keeps the valid templates; resolves with what is left. Only when the person asks: a save keeps them.
   */
  discardUnreadable(): Promise<Template[]>;
}

const STORAGE_KEY = 'composer.templates';

/** What a stored value that is not a list is, in words ("an object", "a string"). */
const describeValue = (value: unknown): string => (value === null ? 'null' : typeof value === 'object' ? 'an object' : `a ${typeof value}`);

/** "path: message" of the first zod issue (the composer shows it next to the field). */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}` : 'invalid';
}

/** The stored entries that are valid templates, the newest MAX_SAVED_TEMPLATES of them. */
function readableTemplates(stored: readonly unknown[]): Template[] {
  return stored.flatMap((entry) => {
    const parsed = TemplateSchema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  }).slice(-MAX_SAVED_TEMPLATES);
}

/**
 * Saved templates in a storage area. Each stored entry is validated on its own: one bad entry
 * used to make the whole list load as none, and the next save then overwrote every template.
 */
export function templateStorageIn(area: StorageAreaLike): TemplateStorage {
  const read = async (): Promise<unknown> => (await area.get(STORAGE_KEY))[STORAGE_KEY];
  return {
    async load() {
      const stored = await read();
      if (stored === undefined) return { templates: [], dropped: 0 };
      if (!Array.isArray(stored)) return { templates: [], dropped: 0, unreadable: `the stored value is ${describeValue(stored)}, not a list of templates` };
      const templates = readableTemplates(stored);
      return { templates, dropped: stored.length - templates.length };
    },
    async save(templates) {
      const checked = z.array(TemplateSchema).max(MAX_SAVED_TEMPLATES).safeParse(templates);
      if (!checked.success) throw new Error(`not a valid template list: ${firstIssue(checked.error)}`);
      // Read again now: what is there may have been written since the load (another panel).
      const stored = await read();
      if (stored !== undefined && !Array.isArray(stored)) {
        throw new Error(`the stored templates are ${describeValue(stored)}, not a list this version can read; they are left as they are`);
      }
      // Entries this version cannot read (a newer version's, say) stay, ahead of the valid ones:
      // the load leaves them out of the list, and writing only the valid ones deleted them.
      const unread = (stored ?? []).filter((entry) => !TemplateSchema.safeParse(entry).success).slice(-MAX_SAVED_TEMPLATES);
      await area.set({ [STORAGE_KEY]: [...unread, ...checked.data] });
    },
    async discardUnreadable() {
      // Read again: another panel may have saved since this one loaded.
      const stored = await read();
      const valid = Array.isArray(stored) ? readableTemplates(stored) : [];
      await area.set({ [STORAGE_KEY]: valid });
      return valid;
    },
  };
}

/** Removes the saved template called `name` (nothing if there is none). */
export function withoutTemplate(templates: readonly Template[], name: string): Template[] {
  return templates.filter((t) => t.name !== name);
}

/** Adds or replaces (by name) one template. */
export function upsertTemplate(templates: readonly Template[], template: Template): Template[] {
  const rest = templates.filter((t) => t.name !== template.name);
  return [...rest, template].slice(-MAX_SAVED_TEMPLATES);
}

export function exportTemplates(templates: readonly Template[]): string {
  return JSON.stringify({ format: TEMPLATE_FILE_FORMAT, version: 1, templates }, null, 2);
}

/** `imagesLeftOut`: image URLs of the file that were not inline data, dropped (see image-urls). */
export type TemplateImport = { ok: true; templates: Template[]; imagesLeftOut: number } | { ok: false; error: string };

/** Parses a template file; merges nothing (the caller decides). */
export function parseTemplateFile(text: string): TemplateImport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not JSON: ${(error as Error).message}` };
  }
  const parsed = TemplateFileSchema.safeParse(value);
  if (!parsed.success) return { ok: false, error: `not a template file: ${firstIssue(parsed.error)}` };
  let imagesLeftOut = 0;
  const templates = parsed.data.templates.map((template) => {
    const { images, leftOut } = keepImageDataUrls(template.draft.images);
    imagesLeftOut += leftOut;
    return leftOut === 0 ? template : { ...template, draft: { ...template.draft, images } };
  });
  return { ok: true, templates, imagesLeftOut };
}
