/**
 * A FilterSpec compiled into one predicate over records. The facets (kind, source, direction,
 * validity) are sets checked in O(1); the text query runs last, because it is the expensive one.
 */
import type { LogRecord } from '../../shared/record';
import type { FilterSpec } from './filter-spec';
import { parseTextQuery } from '../../shared/text-query';
import { kindOf, someSearchableText, sourceOf } from './record-labels';

export type RecordPredicate = (record: LogRecord) => boolean;

export type CompiledFilter =
  | { ok: true; match: RecordPredicate }
  | { ok: false; error: string };

const orAll = <T>(values: readonly T[]): ((value: T) => boolean) => {
  if (values.length === 0) return () => true;
  const set = new Set(values);
  return (value) => set.has(value);
};

/**
 * @param payloadMatches the SW's verdict on a payload the panel does not hold (see
 *   someSearchableText); read at match time, so answers arriving later count once re-tested.
 */
export function compileFilter(spec: FilterSpec, payloadMatches?: RecordPredicate): CompiledFilter {
  const text = parseTextQuery(spec.text);
  if (!text.ok) return { ok: false, error: text.error };
  const kinds = new Set(spec.kinds);
  const kindMatches = kinds.size === 0
    ? () => true
    : (r: LogRecord) => kinds.has(kindOf(r)) || (r.nestedKind !== undefined && kinds.has(r.nestedKind));
  const sourceMatches = orAll(spec.sources);
  const directionMatches = orAll<string>(spec.directions);
  const validityMatches = orAll<string>(spec.validities);
  // Invert applies to the text only: "kind X whose text does not mention Y".
  const textMatches = text.empty
    ? () => true
    : (r: LogRecord) => someSearchableText(r, text.test, payloadMatches) !== spec.invert;
  return {
    ok: true,
    match: (r) => directionMatches(r.direction) && validityMatches(r.validity) && sourceMatches(sourceOf(r))
      && kindMatches(r) && textMatches(r),
  };
}
