import type { FacetEntry } from '../../log/facet-counts';

export interface FacetMenuProps {
  /** Menu title, e.g. "kind". */
  label: string;
  entries: readonly FacetEntry[];
  /** Entries shown indented under the main ones (nested action/observation kinds). */
  nestedEntries?: readonly FacetEntry[];
  chosen: readonly string[];
  onChange(chosen: string[]): void;
}

export function toggleValue<T>(values: readonly T[], value: T): T[] {
  return values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
}

/**
 * Chosen values no record carries (now): count 0. Listed so they can be unticked; left out, a
 * filter on a kind the cap or a clear took away hid every row with no box to undo it.
 */
function withChosen(entries: readonly FacetEntry[], nestedEntries: readonly FacetEntry[], chosen: readonly string[]): readonly FacetEntry[] {
  const seen = new Set([...entries, ...nestedEntries].map((e) => e.value));
  const absent = chosen.filter((value) => !seen.has(value));
  if (absent.length === 0) return entries;
  return [...entries, ...absent.map((value) => ({ value, count: 0 }))].sort((a, b) => a.value.localeCompare(b.value));
}

/** A multi-choice dropdown of the values seen (and chosen), with their counts; nothing chosen = all. */
export function FacetMenu({ label, entries: seenEntries, nestedEntries = [], chosen, onChange }: FacetMenuProps) {
  const entries = withChosen(seenEntries, nestedEntries, chosen);
  const option = (entry: FacetEntry, nested: boolean) => (
    <label key={`${nested}-${entry.value}`} class={nested ? 'facet-option nested' : 'facet-option'}>
      <input type="checkbox" name={`${label}-filter`} value={entry.value} checked={chosen.includes(entry.value)}
        onChange={() => onChange(toggleValue(chosen, entry.value))} />
      {entry.value} <span class="facet-count">{entry.count}</span>
    </label>
  );
  return (
    <details class="facet-menu" data-facet={label}>
      <summary>{label}{chosen.length > 0 ? ` (${chosen.length})` : ''}</summary>
      <div class="facet-options">
        {entries.length === 0 && nestedEntries.length === 0 && <span class="facet-empty">none yet</span>}
        {entries.map((e) => option(e, false))}
        {nestedEntries.map((e) => option(e, true))}
        {chosen.length > 0 && <button type="button" onClick={() => onChange([])}>any {label}</button>}
      </div>
    </details>
  );
}
