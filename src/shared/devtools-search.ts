/**
 * DevTools page → panel page, by window.postMessage within the extension's origin: the text
 * in DevTools' own search box (Ctrl+F while our panel is shown). It becomes the log's filter text.
 */
import { z } from 'zod';

export const DEVTOOLS_SEARCH_TYPE = 'cdt/devtools-search';
/** @default 1,000 characters: a longer query is cut to this before it is sent */
export const DEVTOOLS_SEARCH_MAX_CHARS = 1_000;

export const DevtoolsSearchSchema = z.object({
  type: z.literal(DEVTOOLS_SEARCH_TYPE),
  text: z.string().max(DEVTOOLS_SEARCH_MAX_CHARS),
});
export type DevtoolsSearch = z.infer<typeof DevtoolsSearchSchema>;
