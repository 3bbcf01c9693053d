/**
 * The panel's text filter over payloads the panel does not hold (see port-listing): the same
 * query (substring or /regex/) run here over the full raw text of every record whose listing
 * lacks some of it. The panel ORs the answer with its own test of the fields it holds.
 *
 * One answer holds the SW thread for at most about SEARCH_BUDGET_MS: a search of 100k payloads
 * takes 60-85 ms here (bench §3), and while it runs no frame of any connection is read. Past the
 * budget the answer says `more` and the panel asks again from where it stopped. The clock is read
 * by the work done, not by the record count: 256 build logs of 93 KB under `/error.*timeout/`
 * held the thread 21 s between two looks at it. The one test that cannot be cut short is a
 * single regex over a single payload; text-query refuses the patterns whose cost there grows
 * faster than the square of its length (regex-wildcards). A dedicated Worker that could be
 * terminated mid-test is no way out: an MV3 service worker in Chrome cannot start one.
 */
import type { PayloadSearchAnswer } from '../shared/port/messages';
import type { LogRecord } from '../shared/record';
import { parseTextQuery } from '../shared/text-query';
import { listingCutsRaw, listingCutsStream } from './port-listing';

/** @default 20 ms of searching per answer */
export const SEARCH_BUDGET_MS = 20;
/** The clock is read once per this many records (not per record: 100k small ones are common)… */
const CLOCK_EVERY_RECORDS = 256;
/** …or once this many characters were searched since the last look, so after every large payload. */
export const CLOCK_EVERY_CHARS = 64 * 1024;

/** Searches `records` (oldest first, as the log hands them out: those after the panel's last search). */
export function searchPayloads(records: readonly LogRecord[], text: string, now: () => number = () => performance.now(), budgetMs = SEARCH_BUDGET_MS): PayloadSearchAnswer {
  const query = parseTextQuery(text);
  if (!query.ok) throw new Error(query.error);
  const deadline = now() + budgetMs;
  const seqs: number[] = [];
  let recordsSinceClock = 0;
  let charsSinceClock = 0;
  for (let i = 0; i < records.length; i += 1) {
    const record = records[i] as LogRecord;
    if (matchesWhatListingLacks(record, query.test)) seqs.push(record.seq);
    recordsSinceClock += 1;
    charsSinceClock += searchableChars(record);
    if (i === records.length - 1 || (recordsSinceClock < CLOCK_EVERY_RECORDS && charsSinceClock < CLOCK_EVERY_CHARS)) continue;
    if (now() >= deadline) return { throughSeq: record.seq, seqs, more: true };
    recordsSinceClock = 0;
    charsSinceClock = 0;
  }
  const newest = records.at(-1);
  return newest === undefined ? { seqs } : { throughSeq: newest.seq, seqs };
}

/** What a search of `record` may read: its raw text and streamed text (an upper bound: most are not searched). */
function searchableChars(record: LogRecord): number {
  const item = record.streamItem;
  return record.raw.length + (item === undefined ? 0 : item.text.length + (item.reasoning?.length ?? 0));
}

/**
 * Searched here: the raw text of a record whose listing lacks some of it, and the whole of a
 * record whose listing lacks the start of its streamed text (the panel then asks us, not itself).
 */
function matchesWhatListingLacks(record: LogRecord, test: (text: string) => boolean): boolean {
  const item = listingCutsStream(record) ? record.streamItem : undefined;
  if (item === undefined && !listingCutsRaw(record)) return false;
  if (record.rawEncoding === 'text' && test(record.raw)) return true;
  return item !== undefined && (test(item.text) || (item.reasoning !== undefined && test(item.reasoning)));
}
