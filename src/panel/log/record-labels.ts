/**
 * How a record is named in the list and in the filters: one place, so the `data-kind` a row
 * carries, the kind a filter offers and the kind it matches are always the same string.
 */
import type { LogRecord } from '../../shared/record';
import { NO_VALUE } from './filter-spec';

/**
 * The record's kind. Without an event kind: meta records are `connection.transition|error|note`,
 * session envelopes their frame type (`sync`, `item_started`, …), anything else NO_VALUE.
 */
export function kindOf(record: LogRecord): string {
  if (record.kind) return record.kind;
  if (record.meta) return `connection.${record.meta.type}`;
  if (record.frameType !== 'none' && record.frameType !== 'event') return record.frameType;
  return NO_VALUE;
}

/** The summary without the kinds it starts with (the kind column already shows them). */
export function rowSummary(record: LogRecord): string {
  // A listing may hold only the end of a streamed text (see StreamInfo.textOmitted).
  let text = record.streamItem?.text ? `${record.streamItem.textOmitted ? '…' : ''}${record.streamItem.text}` : record.summary;
  for (const prefix of [record.kind, record.nestedKind]) {
    if (prefix && text.startsWith(prefix) && (text.length === prefix.length || text[prefix.length] === ' ')) {
      text = text.slice(prefix.length + 1);
    }
  }
  return text;
}

export function sourceOf(record: LogRecord): string {
  return record.source ?? NO_VALUE;
}

/**
 * Whether `test` accepts any text field the filter's text box searches (raw text, not base64).
 * A record whose raw text the panel lacks (`rawTruncated`) asks `payloadMatches` instead: the
 * SW's answer for the whole payload. Without one (an imported recording) the preview is tested.
 */
export function someSearchableText(record: LogRecord, test: (text: string) => boolean, payloadMatches?: (record: LogRecord) => boolean): boolean {
  // The summary as the row shows it, so `/^pytest/` matches a row that reads "pytest …".
  if (test(rowSummary(record)) || test(kindOf(record))) return true;
  if ((record.nestedKind && test(record.nestedKind)) || (record.source && test(record.source))) return true;
  if (record.eventId && test(record.eventId)) return true;
  // The reasoning a streamed item holds (its end, when cut: the SW searches the whole then).
  if (record.streamItem?.reasoning && test(record.streamItem.reasoning)) return true;
  const meta = record.meta;
  if (meta?.type === 'transition') {
    if (test(`${meta.from} → ${meta.to} ${meta.cause} ${meta.code ?? ''} ${meta.reason ?? ''}`)) return true;
  } else if (meta && test(meta.message)) return true;
  // The payload last: it is the longest text.
  if (record.rawEncoding !== 'text') return false;
  return record.rawTruncated && payloadMatches ? payloadMatches(record) : test(record.raw);
}

/**
 * Whether `current`, which replaced `previous` (same seq), lacks text `previous` held: cut where
 * it was whole, or cut further (a streamed item's listing keeps only its newest characters).
 */
export function cutsMoreThan(current: LogRecord, previous: LogRecord): boolean {
  if (current.rawTruncated !== true) return false;
  if (previous.rawTruncated !== true) return true;
  const now = current.streamItem;
  const before = previous.streamItem;
  return (now?.textOmitted ?? 0) > (before?.textOmitted ?? 0) || (now?.reasoningOmitted ?? 0) > (before?.reasoningOmitted ?? 0);
}
