/**
 * Full records for the panel, which holds only listings of most (see port-listing): one on
 * selection (`getRecord`), runs of up to 1,000 for an export and its preview (`getRecords`).
 * Each answer is one port message, so it is cut to what one message carries (port-message-size):
 * an export of browser screenshots (hundreds of KB each) passed Chrome's 64 MiB limit, the post
 * threw, and the panel never got an answer.
 */
import type { GetRecordsAnswer } from '../shared/port/messages';
import type { LogRecord } from '../shared/record';
import type { EventLog } from './event-log';
import { listingOf } from './port-listing';
import { ALONE_MAX_CHARS, BULK_MESSAGE_CHARS, recordChars, sizedRuns } from './port-message-size';

/** The record at `seq`, whole; throws (the panel shows it) when it is gone or too large to cross. */
export function fullRecord(log: EventLog, key: string, seq: number): LogRecord {
  const record = log.get(seq);
  if (record === undefined) throw new Error(`record ${seq} is no longer held for ${key}`);
  const chars = recordChars(record);
  if (chars > ALONE_MAX_CHARS) {
    throw new Error(`record ${seq} holds ${(chars / 2 ** 20).toFixed(1)}M characters, more than one message to the panel carries (${ALONE_MAX_CHARS / 2 ** 20}M): only its preview can be shown`);
  }
  return record;
}

/**
 * The held records among `seqs` (in that order), then those carrying one of `eventIds`: as many
 * as fit BULK_MESSAGE_CHARS (at least one), and in `rest` the ones left for the next ask.
 */
export function fullRecords(log: EventLog, seqs: readonly number[], eventIds: readonly string[] = []): GetRecordsAnswer {
  const bySeq = seqs.map((seq) => log.get(seq)).filter((r): r is LogRecord => r !== undefined);
  const wanted = new Set(eventIds);
  // No event-id index for 100k records: a lookup by id is rare (after an SW restart), a scan is enough.
  const byEventId = wanted.size === 0 ? [] : log.since(-Infinity).filter((r) => r.eventId !== undefined && wanted.has(r.eventId));
  const found = [...bySeq, ...byEventId];
  const first = sizedRuns(found, found.length, BULK_MESSAGE_CHARS)[0] ?? [];
  // A run longer than one holds no record over BULK_MESSAGE_CHARS, let alone ALONE_MAX_CHARS.
  const records = first.map((record) => (recordChars(record) > ALONE_MAX_CHARS ? listingOf(record) : record));
  if (first.length === found.length) return { records };
  const left = found.slice(first.length);
  const seqsLeft = left.slice(0, Math.max(0, bySeq.length - first.length)).map((r) => r.seq);
  const idsLeft = left.slice(seqsLeft.length).map((r) => r.eventId as string);
  return { records, rest: { seqs: seqsLeft, eventIds: idsLeft } };
}
