/**
 * How much text a record puts into a port message, and runs of records cut to fit one message.
 * Two limits matter. Chrome refuses a port message over 64 MiB: `postMessage` throws "Message
 * exceeded maximum allowed size of 64MiB." (measured in Chromium), so any message that can carry
 * many records (snapshot chunks, older history, full records for an export) is cut by size as
 * well as by count. And live messages stay far smaller still (LIVE_MESSAGE_CHARS).
 */
import type { LogRecord } from '../shared/record';

/**
 * Live messages stay under this many characters of record text (raw plus summary plus a
 * per-record allowance for the other fields). Chrome sends a port message of 64 KiB or more
 * through a shared-memory buffer: measured in the SW, a 60 KB message cost 0.1 ms to post and a
 * 67 KB one 3–4 ms, thirty times as much for 10% more bytes. At 32K characters a message of
 * one-byte text stays near 35 KB, and under 64 KiB even when most of it is two-byte text.
 * Bulk transfers (snapshots, older history) keep large chunks: there the fixed cost is shared
 * by megabytes.
 */
export const LIVE_MESSAGE_CHARS = 32 * 1024;

/**
 * Bulk messages (snapshot and prepend chunks, `getRecords` answers) stay under this many
 * characters: 8 MiB of one-byte text, 16 MiB of two-byte text under structured clone (the
 * manifest's `message_serialization`), at most three times that as UTF-8 JSON, all under
 * Chrome's 64 MiB. A chunk of 2,000 state updates (up to 256K characters each in a listing)
 * reached 460 MB before this.
 */
export const BULK_MESSAGE_CHARS = 8 * 1024 * 1024;

/**
 * A single record larger than BULK_MESSAGE_CHARS still crosses, alone, up to this size (at most
 * 32 MiB of two-byte text, 48 MiB as UTF-8 JSON). Past it only its listing crosses (a REST page
 * may bring one event of up to 64 MiB): see `getRecords` in the port hub.
 */
export const ALONE_MAX_CHARS = 16 * 1024 * 1024;

/** What every record carries besides its texts (ids, kind, flags, issues), as characters. */
const PER_RECORD_CHARS = 256;

/** The characters `record` puts into a port message: raw, summary and streamed text, plus the rest. */
export function recordChars(record: LogRecord): number {
  const item = record.streamItem;
  const streamed = item === undefined ? 0 : item.text.length + (item.reasoning?.length ?? 0);
  return record.raw.length + record.summary.length + streamed + PER_RECORD_CHARS;
}

/** Consecutive runs of `records`, each at most `maxRecords` long and `maxChars` in size; a larger record goes alone. */
export function sizedRuns(records: readonly LogRecord[], maxRecords: number, maxChars: number): LogRecord[][] {
  const runs: LogRecord[][] = [];
  let run: LogRecord[] = [];
  let chars = 0;
  for (const record of records) {
    const size = recordChars(record);
    if (run.length > 0 && (run.length >= maxRecords || chars + size > maxChars)) {
      runs.push(run);
      run = [];
      chars = 0;
    }
    run.push(record);
    chars += size;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}
