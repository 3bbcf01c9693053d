/**
 * A streamed item's update kept whole once the panel fetched the whole item ("load full
 * record"). Updates cross the port as listings, at most every 100 ms while the item grows: only
 * the newest characters of its text and reasoning, saying how many came before (the SW's
 * port-listing). Taken as they came, each one put the cut listing back over the whole text the
 * detail had just loaded. Within one attempt an item only grows at its end, so the start held
 * plus the listing's end is the whole text now.
 */
import type { LogRecord, StreamInfo } from '../../shared/record';

/**
 * The update, whole, from the whole record held for it; undefined when that cannot be built
 * (not a cut stream listing, another item or attempt, another opening frame, or the item grew
 * past what the whole record held plus the listing): then the listing is what there is.
 */
export function wholeStreamUpdate(whole: LogRecord, update: LogRecord): LogRecord | undefined {
  const held = whole.streamItem;
  const next = update.streamItem;
  if (update.rawTruncated !== true || whole.rawTruncated === true || held === undefined || next === undefined) return undefined;
  if (held.itemId !== next.itemId || held.attempt !== next.attempt || !whole.raw.startsWith(update.raw)) return undefined;
  const text = joined(held.text, next.text, next.textOmitted);
  const reasoning = next.reasoning === undefined ? held.reasoning : joined(held.reasoning ?? '', next.reasoning, next.reasoningOmitted);
  if (text === undefined || (next.reasoning !== undefined && reasoning === undefined)) return undefined;
  const { textOmitted: _text, reasoningOmitted: _reasoning, ...fields } = next;
  const item: StreamInfo = { ...fields, text, ...(reasoning !== undefined ? { reasoning } : {}) };
  const { rawTruncated: _cut, ...record } = update;
  return { ...record, raw: whole.raw, streamItem: item };
}

/**
 * The whole text: the start held, then the listing's end; undefined when characters between
 * the two are missing. The held text wins when it is the longer (fetched after the listing
 * was cut): both are the start of the same growing text.
 */
function joined(held: string, end: string, omitted = 0): string | undefined {
  if (omitted > held.length) return undefined;
  return omitted + end.length >= held.length ? held.slice(0, omitted) + end : held;
}
