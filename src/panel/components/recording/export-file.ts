/**
 * Builds an export file from the records held: full records are fetched for port previews,
 * every record is redacted by the writer, and each written chunk becomes a Blob part at once so
 * the strings can be collected while a large export proceeds.
 */
import type { LogRecord } from '../../../shared/record';
import { writeHar, writeNdjson, type RecordingHeader } from '../../../shared/recording';
import { safeFileName } from './download';

export type ExportFormat = 'ndjson' | 'har';

export interface ExportJob {
  header: RecordingHeader;
  records: readonly LogRecord[];
  format: ExportFormat;
  secrets?: readonly string[];
  /** The full record behind a preview (`rawTruncated`); without it the preview is exported, marked cut. */
  loadFull?: (record: LogRecord) => Promise<LogRecord>;
  onProgress?: (written: number) => void;
}

/** Records between two yields to the event loop: the writer is otherwise all microtasks, and the panel would not paint its progress. */
const RECORDS_PER_SLICE = 1_000;

async function* withFullRaw(records: readonly LogRecord[], loadFull: ExportJob['loadFull']): AsyncGenerator<LogRecord> {
  let sinceYield = 0;
  for (const record of records) {
    if (++sinceYield >= RECORDS_PER_SLICE) {
      sinceYield = 0;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    if (!record.rawTruncated || !loadFull) { yield record; continue; }
    try {
      yield await loadFull(record);
    } catch {
      yield record; // still exported, marked rawTruncated, rather than dropped
    }
  }
}

export function exportFileName(header: Pick<RecordingHeader, 'conversationId' | 'createdAt'>, format: ExportFormat): string {
  const stamp = header.createdAt.replace(/[:.]/g, '-').slice(0, 19);
  return `${safeFileName(`${header.conversationId}-${stamp}`)}.${format === 'har' ? 'har' : 'cdt.ndjson'}`;
}

/** The whole file as a Blob. */
export async function buildExportBlob(job: ExportJob): Promise<Blob> {
  // A copy of the array, not the records: the live array may grow or drop its head meanwhile.
  const records = withFullRaw(job.records.slice(), job.loadFull);
  const options = { secrets: job.secrets ?? [], ...(job.onProgress ? { onRecord: job.onProgress } : {}) };
  const chunks = job.format === 'har' ? writeHar(job.header, records, options) : writeNdjson(job.header, records, options);
  const parts: Blob[] = [];
  for await (const chunk of chunks) parts.push(new Blob([chunk]));
  return new Blob(parts, { type: job.format === 'har' ? 'application/json' : 'application/x-ndjson' });
}
