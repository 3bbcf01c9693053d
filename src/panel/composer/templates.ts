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
  /** Stored entries left out that are not valid templates (kept in storage until the person removes them). */
  dropped: number;
  /** Valid stored templates left out past MAX_SAVED_TEMPLATES, the oldest (the next change drops them, and says so). */
  overCap?: number;
  /** Why nothing could be read: the stored value is not a list (another version's format, an edit by hand). */
  unreadable?: string;
}

/** What a change stored: the valid templates it found in storage, and those it left there. */
export interface TemplateChange {
  before: Template[];
  after: Template[];
}

export interface TemplateStorage {
  load(): Promise<TemplateLoad>;
  /**
   * Applies `change` to the valid templates as stored now (read again: another panel may have
   * saved since this one loaded) and stores the newest MAX_SAVED_TEMPLATES of the result, with
   * the entries this version cannot read kept ahead of them. Refuses (rejects) an invalid
   * result, and stored data that is not a list, which it never replaces.
   */
  update(change: (stored: readonly Template[]) => Template[]): Promise<TemplateChange>;
  /**
   * Deletes what this version cannot read (entries, or a stored value that is not a list) and
   * keeps every valid template; resolves with those. Only when the person asks: a change keeps them.
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

/** The stored entries that are valid templates, in stored order, and those that are not. */
function sortStored(stored: readonly unknown[]): { valid: Template[]; unread: unknown[] } {
  const valid: Template[] = [];
  const unread: unknown[] = [];
  for (const entry of stored) {
    const parsed = TemplateSchema.safeParse(entry);
    if (parsed.success) valid.push(parsed.data);
    else unread.push(entry);
  }
  return { valid, unread };
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
      const { valid, unread } = sortStored(stored);
      const templates = valid.slice(-MAX_SAVED_TEMPLATES);
      return { templates, dropped: unread.length, ...(valid.length > templates.length ? { overCap: valid.length - templates.length } : {}) };
    },
    async update(change) {
      // Read again now: what is there may have been written since the load (another panel), and
      // a list built from the load's copy overwrote it.
      const stored = await read();
      if (stored !== undefined && !Array.isArray(stored)) {
        throw new Error(`the stored templates are ${describeValue(stored)}, not a list this version can read; they are left as they are`);
      }
      const { valid, unread } = sortStored(stored ?? []);
      const checked = z.array(TemplateSchema).safeParse(change(valid).slice(-MAX_SAVED_TEMPLATES));
      if (!checked.success) throw new Error(`not a valid template list: ${firstIssue(checked.error)}`);
      // Entries this version cannot read (a newer version's, say) stay, ahead of the valid ones:
      // the load leaves them out of the list, and writing only the valid ones deleted them.
      await area.set({ [STORAGE_KEY]: [...unread.slice(-MAX_SAVED_TEMPLATES), ...checked.data] });
      return { before: valid, after: checked.data };
    },
    async discardUnreadable() {
      // Read again: another panel may have saved since this one loaded.
      const stored = await read();
      const { valid } = sortStored(Array.isArray(stored) ? stored : []);
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
