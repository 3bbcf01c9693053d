/**
 * The event log's filter settings: what the person chose, as plain data. Parsed with zod where
 * it crosses a boundary (the per-panel filter storage), so a stale or hand-edited value falls
 * back to "no filter" instead of breaking the panel.
 */
import { z } from 'zod';

const DIRECTIONS = ['in', 'out', 'meta'] as const;
const VALIDITIES = ['ok', 'unknown-kind', 'invalid', 'not-json', 'binary'] as const;

export const FilterSpecSchema = z.object({
  /** Kinds (or nested kinds) to show; empty = all. */
  kinds: z.array(z.string()).default([]),
  /** Sources (`agent`, `user`, `environment`, `hook`, or NO_VALUE); empty = all. */
  sources: z.array(z.string()).default([]),
  directions: z.array(z.enum(DIRECTIONS)).default([]),
  validities: z.array(z.enum(VALIDITIES)).default([]),
  /** Case-insensitive substring, or `/pattern/flags`. Empty = no text filter. */
  text: z.string().default(''),
  /** Show the records the text does NOT match. */
  invert: z.boolean().default(false),
});
export type FilterSpec = z.infer<typeof FilterSpecSchema>;

export const ALL_DIRECTIONS: readonly FilterSpec['directions'][number][] = DIRECTIONS;
export const ALL_VALIDITIES: readonly FilterSpec['validities'][number][] = VALIDITIES;

/** Label used for a record without a source or kind, so "none" can be filtered for too. */
export const NO_VALUE = '(none)';

export const EMPTY_FILTER: FilterSpec = Object.freeze({
  kinds: [], sources: [], directions: [], validities: [], text: '', invert: false,
}) as FilterSpec;

/** Where filter settings are remembered per panel (a localStorage-like seam). */
export interface FilterStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const FILTER_STORAGE_KEY = 'cdt.eventLog.filter.v1';

/** Reads the remembered filter; anything unreadable gives the empty filter. */
export function loadFilterSpec(storage: FilterStorage | undefined): FilterSpec {
  let stored: string | null = null;
  try { stored = storage?.getItem(FILTER_STORAGE_KEY) ?? null; } catch { return EMPTY_FILTER; }
  if (stored === null) return EMPTY_FILTER;
  try {
    const parsed = FilterSpecSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : EMPTY_FILTER;
  } catch {
    return EMPTY_FILTER;
  }
}

/** Remembers the filter; a storage that refuses (quota, privacy mode) only loses the memory. */
export function saveFilterSpec(storage: FilterStorage | undefined, spec: FilterSpec): void {
  try { storage?.setItem(FILTER_STORAGE_KEY, JSON.stringify(spec)); } catch { /* memory is best effort */ }
}

export function isFilterActive(spec: FilterSpec): boolean {
  return spec.kinds.length + spec.sources.length + spec.directions.length + spec.validities.length > 0
    || spec.text.length > 0;
}
