import type { LogRecord } from '../record';
import { redactRecord, redactText, type Redaction } from '../redact';
import type { RecordingHeader } from './format';

export interface RedactionPreview {
  /** Up to `limit` redactions, each with the record's seq (0 for the header). */
  items: Array<Redaction & { seq: number }>;
  /** All redactions, including those past `limit`. */
  total: number;
  recordsAffected: number;
}

/** What an export would redact, for the "before saving" preview (values are never shown). */
export function previewRedactions(header: Pick<RecordingHeader, 'server'>, records: Iterable<LogRecord>, secrets: readonly string[] = [], limit = 200): RedactionPreview {
  const items: RedactionPreview['items'] = [];
  let total = 0;
  let recordsAffected = 0;
  const add = (seq: number, redactions: Redaction[]): void => {
    if (redactions.length === 0) return;
    total += redactions.length;
    if (seq !== 0) recordsAffected += 1;
    for (const r of redactions) if (items.length < limit) items.push({ ...r, seq });
  };
  add(0, redactText(header.server, secrets).redactions.map((r) => ({ ...r, path: `header.server${r.path === '(text)' ? '' : r.path}` })));
  for (const record of records) add(record.seq, redactRecord(record, secrets).redactions);
  return { items, total, recordsAffected };
}
