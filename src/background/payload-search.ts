/**
 * The panel's text filter over payloads the panel does not hold (see port-listing): the same
 * query (substring or /regex/) run here over the full raw text of every record whose listing
 * lacks some of it. The panel ORs the answer with its own test of the fields it holds.
 */
import type { PayloadSearchAnswer } from '../shared/port/messages';
import type { LogRecord } from '../shared/record';
import { parseTextQuery } from '../shared/text-query';
import { listingCutsRaw } from './port-listing';

/** Searches `records` (oldest first, as the log hands them out: those after the panel's last search). */
export function searchPayloads(records: readonly LogRecord[], text: string): PayloadSearchAnswer {
  const query = parseTextQuery(text);
  if (!query.ok) throw new Error(query.error);
  const seqs: number[] = [];
  for (const record of records) {
    if (record.rawEncoding === 'text' && listingCutsRaw(record) && query.test(record.raw)) seqs.push(record.seq);
  }
  const newest = records.at(-1);
  return newest === undefined ? { seqs } : { throughSeq: newest.seq, seqs };
}
