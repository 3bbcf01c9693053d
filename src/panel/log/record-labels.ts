/**
 * How a record is named in the list and in the filters: one place, so the `data-kind` a row
 * carries, the kind a filter offers and the kind it matches are always the same string.
 */
import type { LogRecord } from '../../shared/record';
import { NO_VALUE } from './filter-spec';

/** The record's kind; meta records are `connection.transition` / `connection.error` / `connection.note`. */
export function kindOf(record: LogRecord): string {
  if (record.kind) return record.kind;
  if (record.meta) return `connection.${record.meta.type}`;
  return NO_VALUE;
}

export function sourceOf(record: LogRecord): string {
  return record.source ?? NO_VALUE;
}

/** The text fields the filter's text box searches (the payload is the raw text, not base64). */
export function searchableTexts(record: LogRecord): string[] {
  const texts = [record.summary, kindOf(record)];
  if (record.nestedKind) texts.push(record.nestedKind);
  if (record.source) texts.push(record.source);
  if (record.eventId) texts.push(record.eventId);
  if (record.rawEncoding === 'text') texts.push(record.raw);
  if (record.streamItem) texts.push(record.streamItem.text);
  const meta = record.meta;
  if (meta?.type === 'transition') texts.push(`${meta.from} → ${meta.to} ${meta.cause} ${meta.code ?? ''} ${meta.reason ?? ''}`);
  else if (meta) texts.push(meta.message);
  return texts;
}
