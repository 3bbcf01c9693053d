/**
 * The event list's filter controls: text (substring or `/regex/flags`, with invert), kind,
 * source, direction and validity. They compose (AND between facets, OR within one), and the
 * bar says how many records pass: "shown / total".
 */
import type { EventLogModel } from '../../log/event-log-model';
import { ALL_DIRECTIONS, ALL_VALIDITIES, EMPTY_FILTER, isFilterActive } from '../../log/filter-spec';
import { DIRECTION_GLYPH, DIRECTION_LABEL, formatCount } from '../../log/format';
import { FacetMenu, toggleValue } from './FacetMenu';

/** How the text box reads what is typed (text-query.ts), shown on hover. */
const FILTER_TEXT_HELP = 'Text matches anywhere, any case. /pattern/ is a regular expression; /pattern/flags too, '
  + 'with flags from g i m s u v. A path is text: /workspace/src/app, /workspace/gym. '
  + 'To search a path like /workspace/ui as text, leave out its first slash.';

export function FilterBar({ model }: { model: EventLogModel }) {
  model.revision.value; // counts and facets follow the records
  const spec = model.filter.value;
  const error = model.filterError.value;
  const { facets } = model;
  return (
    <div class="log-filter-bar" role="search">
      <input type="search" class={error ? 'filter-text has-error' : 'filter-text'} aria-label="Filter text"
        placeholder="Filter (text or /regex/)" title={FILTER_TEXT_HELP} value={spec.text} aria-invalid={error !== null}
        onInput={(e) => model.setFilter({ text: (e.currentTarget as HTMLInputElement).value })} />
      <label class="filter-invert">
        <input type="checkbox" checked={spec.invert} onChange={() => model.setFilter({ invert: !spec.invert })} />
        invert
      </label>
      <span class="filter-toggles" role="group" aria-label="Direction">
        {ALL_DIRECTIONS.map((d) => (
          <button type="button" key={d} data-direction={d} aria-pressed={spec.directions.includes(d)} title={DIRECTION_LABEL[d]}
            onClick={() => model.setFilter({ directions: toggleValue(spec.directions, d) })}>
            {DIRECTION_GLYPH[d]} {d}
          </button>
        ))}
      </span>
      <FacetMenu label="kind" entries={facets.kindEntries()} nestedEntries={facets.nestedKindEntries()} chosen={spec.kinds}
        onChange={(kinds) => model.setFilter({ kinds })} />
      <FacetMenu label="source" entries={facets.sourceEntries()} chosen={spec.sources}
        onChange={(sources) => model.setFilter({ sources })} />
      <span class="filter-toggles" role="group" aria-label="Validity">
        {ALL_VALIDITIES.map((v) => (
          <button type="button" key={v} data-validity={v} aria-pressed={spec.validities.includes(v)}
            onClick={() => model.setFilter({ validities: toggleValue(spec.validities, v) })}>
            {v}
          </button>
        ))}
      </span>
      {isFilterActive(spec) && <button type="button" class="filter-clear" onClick={() => model.setFilter(EMPTY_FILTER)}>clear filters</button>}
      <span class="filter-counts" data-testid="filter-counts">
        {formatCount(model.index.length)} / {formatCount(model.source.records.length)}
      </span>
      {model.payloadSearching.value && <span class="filter-searching" data-testid="payload-searching" role="status">searching payloads…</span>}
      {error && <span class="filter-error" role="alert">{error}</span>}
    </div>
  );
}
