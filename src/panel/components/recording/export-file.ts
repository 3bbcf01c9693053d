/**
 * Builds an export file from the records held: full records are fetched for port previews,
 * every record is redacted by the writer, and each written chunk becomes a Blob part at once so
 * the strings can be collected while a large export proceeds.
 */
import type { LogRecord } from '../../../shared/record';
import { RedactionTally, writeHar, writeNdjson, type RecordingHeader, type RedactionPreview } from '../../../shared/recording';
import { safeFileName } from './download';

export type ExportFormat = 'ndjson' | 'har';

export interface ExportJob {
  header: RecordingHeader;
  records: readonly LogRecord[];
  format: ExportFormat;
  secrets?: readonly string[];
  /**
   * The full records behind listings (`rawTruncated`), in order, one run of records at a time;
   * without it, or when it fails, the listing is exported, marked cut.
   */
  loadFull?: (records: readonly LogRecord[]) => Promise<LogRecord[]>;
  onProgress?: (written: number) => void;
}

/** Records per run: one yield to the event loop (the panel paints its progress) and at most one `getRecords` each. */
const RECORDS_PER_SLICE = 1_000;

/** The records as they will be written: full records fetched for listings, a run at a time. */
export async function* withFullRaw(records: readonly LogRecord[], loadFull: ExportJob['loadFull']): AsyncGenerator<LogRecord> {
  for (let start = 0; start < records.length; start += RECORDS_PER_SLICE) {
    if (start > 0) await new Promise((resolve) => setTimeout(resolve, 0));
    const run = records.slice(start, start + RECORDS_PER_SLICE);
    yield* await fullRun(run, loadFull);
  }
}

async function fullRun(run: LogRecord[], loadFull: ExportJob['loadFull']): Promise<readonly LogRecord[]> {
  const cut = run.filter((record) => record.rawTruncated);
  if (cut.length === 0 || !loadFull) return run;
  try {
    const full = await loadFull(cut);
    const bySeq = new Map(full.map((record) => [record.seq, record]));
    return run.map((record) => bySeq.get(record.seq) ?? record);
  } catch {
    return run; // still exported, marked rawTruncated, rather than dropped
  }
}

export interface ExportPreview extends RedactionPreview {
  /** Records still cut once their payload was asked for (the SW no longer holds it, or it is too large to cross the port): saved as their listing. */
  withoutPayload: number;
}

/**
 * What the export will redact, worked out over the full records (a listing's payload is in the
 * SW: a secret inside it would otherwise be missing from the preview while the file redacts it),
 * and how many records will be saved without their payload.
 */
export async function previewExport(header: RecordingHeader, records: readonly LogRecord[], secrets: readonly string[] = [], loadFull?: ExportJob['loadFull']): Promise<ExportPreview> {
  const tally = new RedactionTally(header, secrets);
  let withoutPayload = 0;
  for await (const record of withFullRaw(records.slice(), loadFull)) {
    tally.addRecord(record);
    if (record.rawTruncated) withoutPayload += 1;
  }
  return { ...tally.result(), withoutPayload };
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
