import type { LogRecord } from '../record';
import { redactRecord, redactText } from '../redact';
import { RECORDING_FORMAT, RECORDING_FORMAT_VERSION, RecordingHeaderSchema, RecordLineSchema, type RecordingHeader } from './format';
import { splitLines, type Chunk } from './lines';
import { fromRecordLine, toRecordLine } from './record-line';
import type { ReadLimits, ReadResult } from './read-result';
import { ReadCollector } from './read-result';

export type RecordSource = Iterable<LogRecord> | AsyncIterable<LogRecord>;

export interface WriteOptions {
  /** Known secret strings (session keys) redacted wherever they appear. */
  secrets?: readonly string[];
  /** Called after each record is written (for a progress bar). */
  onRecord?: (written: number) => void;
}

/** Chunks are batched to about this many characters (one Blob part each). */
export const WRITE_CHUNK_CHARS = 256 * 1024;

/** Native recording: the header line, then one redacted record a line, streamed in chunks. */
export async function* writeNdjson(header: RecordingHeader, records: RecordSource, opts: WriteOptions = {}): AsyncGenerator<string> {
  const secrets = opts.secrets ?? [];
  const safeHeader: RecordingHeader = { ...header, format: RECORDING_FORMAT, version: RECORDING_FORMAT_VERSION, server: redactText(header.server, secrets).text };
  let batch = `${JSON.stringify(safeHeader)}\n`;
  let written = 0;
  for await (const record of records) {
    batch += `${JSON.stringify(toRecordLine(redactRecord(record, secrets).record, header.protocol))}\n`;
    written += 1;
    opts.onRecord?.(written);
    if (batch.length >= WRITE_CHUNK_CHARS) {
      yield batch;
      batch = '';
    }
  }
  if (batch !== '') yield batch;
}

/** Parses the header line; throws with a message a person can act on. */
export function parseHeaderLine(text: string): RecordingHeader {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('The first line is not JSON: not a Conversation DevTools recording.');
  }
  const version = (value as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > RECORDING_FORMAT_VERSION) {
    throw new Error(`This recording uses format version ${version}; this tool reads up to version ${RECORDING_FORMAT_VERSION}.`);
  }
  const header = RecordingHeaderSchema.safeParse(value);
  if (!header.success) {
    const issue = header.error.issues[0];
    throw new Error(`Invalid recording header: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown problem'}.`);
  }
  return header.data;
}

/** Reads the native format line by line; bad lines become errors, the rest is kept. */
export async function readNdjson(texts: AsyncIterable<Chunk>, limits: ReadLimits): Promise<ReadResult> {
  let header: RecordingHeader | undefined;
  let lastSeq: number | undefined;
  const collector = new ReadCollector(limits);
  for await (const event of splitLines(texts, { maxLineChars: limits.maxLineChars })) {
    if (event.tooLong !== undefined) {
      if (header === undefined) throw new Error(`The header line is longer than ${limits.maxLineChars} characters.`);
      collector.error(event.line, `line is ${event.tooLong} characters, longer than the ${limits.maxLineChars} limit; skipped`);
      continue;
    }
    const text = event.text ?? '';
    if (text.trim() === '') continue;
    if (header === undefined) {
      header = parseHeaderLine(text);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      collector.error(event.line, `not JSON: ${text.slice(0, 80)}`);
      continue;
    }
    const line = RecordLineSchema.safeParse(value);
    if (!line.success) {
      const issue = line.error.issues[0];
      collector.error(event.line, `invalid record: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown problem'}`);
      continue;
    }
    const record = fromRecordLine(line.data, header);
    // The panel holds records in seq order and would drop this one without a word.
    if (lastSeq !== undefined && record.seq <= lastSeq) {
      collector.error(event.line, `seq ${record.seq} does not follow seq ${lastSeq}: skipped (records are listed in seq order)`);
      continue;
    }
    lastSeq = record.seq;
    collector.record(record);
  }
  if (header === undefined) throw new Error('The file is empty: no recording header.');
  return collector.result(header, 'ndjson');
}
