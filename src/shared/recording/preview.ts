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

/** Tallies what an export would redact, record by record (a sync or an async source feeds it). */
export class RedactionTally {
  private readonly items: RedactionPreview['items'] = [];
  private total = 0;
  private recordsAffected = 0;

  constructor(header: Pick<RecordingHeader, 'server'>, private readonly secrets: readonly string[] = [], private readonly limit = 200) {
    this.add(0, redactText(header.server, secrets).redactions.map((r) => ({ ...r, path: `header.server${r.path === '(text)' ? '' : r.path}` })));
  }

  addRecord(record: LogRecord): void {
    this.add(record.seq, redactRecord(record, this.secrets).redactions);
  }

  result(): RedactionPreview {
    return { items: this.items, total: this.total, recordsAffected: this.recordsAffected };
  }

  private add(seq: number, redactions: Redaction[]): void {
    if (redactions.length === 0) return;
    this.total += redactions.length;
    if (seq !== 0) this.recordsAffected += 1;
    for (const r of redactions) if (this.items.length < this.limit) this.items.push({ ...r, seq });
  }
}

/** What an export would redact, for the "before saving" preview (values are never shown). */
export function previewRedactions(header: Pick<RecordingHeader, 'server'>, records: Iterable<LogRecord>, secrets: readonly string[] = [], limit = 200): RedactionPreview {
  const tally = new RedactionTally(header, secrets, limit);
  for (const record of records) tally.addRecord(record);
  return tally.result();
}
