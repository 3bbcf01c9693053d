/**
 * The panel's text filter over payloads the panel does not hold (see port-listing): the same
 * query (substring or /regex/) run here over the full raw text of every record whose listing
 * lacks some of it. The panel ORs the answer with its own test of the fields it holds.
 *
 * One answer holds the SW thread for at most about SEARCH_BUDGET_MS: a search of 100k payloads
 * takes 60-85 ms here (bench §3), and while it runs no frame of any connection is read. Past the
 * budget the answer says `more` and the panel asks again from where it stopped.
 */
import type { PayloadSearchAnswer } from '../shared/port/messages';
import type { LogRecord } from '../shared/record';
import { parseTextQuery } from '../shared/text-query';
import { listingCutsRaw, listingCutsStream } from './port-listing';

/** @default 20 ms of searching per answer */
export const SEARCH_BUDGET_MS = 20;
/** The clock is read once per this many records, not per record. */
const CLOCK_EVERY = 256;

/** Searches `records` (oldest first, as the log hands them out: those after the panel's last search). */
export function searchPayloads(records: readonly LogRecord[], text: string, now: () => number = () => performance.now(), budgetMs = SEARCH_BUDGET_MS): PayloadSearchAnswer {
  const query = parseTextQuery(text);
  if (!query.ok) throw new Error(query.error);
  const deadline = now() + budgetMs;
  const seqs: number[] = [];
  for (let i = 0; i < records.length; i += 1) {
    const record = records[i] as LogRecord;
    if (matchesWhatListingLacks(record, query.test)) seqs.push(record.seq);
    const last = i === records.length - 1;
    if (!last && (i + 1) % CLOCK_EVERY === 0 && now() >= deadline) return { throughSeq: record.seq, seqs, more: true };
  }
  const newest = records.at(-1);
  return newest === undefined ? { seqs } : { throughSeq: newest.seq, seqs };
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
