/**
 * What of a record crosses the port to the panel (its listing). The panel shows rows from the
 * decoded fields (summary, kind, ids) and folds the conversation state from them; the payload
 * text is what costs memory there (about 600 of the 960 bytes a demo-mix record cost a panel
 * holding the full text). So an ordinary event's raw text stays in the SW: the panel fetches the
 * full record on selection (`getRecord`), for an export (`getRecords`), and asks the SW to
 * search payloads for its text filter (`searchPayloads`).
 */
import { foldReadsRaw } from '../shared/conversation-state';
import type { LogRecord, StreamInfo } from '../shared/record';

/** A payload kept in the panel (an error, a user message, an unknown kind…) crosses whole up to this. */
export const PREVIEW_RAW_CHARS = 4096;
/** State updates (a full_state snapshot can be tens of KB) cross whole up to this: the panel folds them. */
export const STATE_RAW_CHARS = 256 * 1024;
/**
 * A streamed item's text (and reasoning) crosses as its last this many characters: it crosses
 * again on every update (at most every 100 ms), and an item may hold up to 1 MiB.
 */
export const STREAM_TEXT_LISTING_CHARS = 64 * 1024;

/**
 * True when the panel gets this record without its raw text: a valid received event of a kind
 * whose fold needs only decoded fields. Kept whole: what the fold reads (state updates, user
 * messages, errors), outgoing frames (the composer re-sends them), meta records, streamed items
 * (updated in place as they grow), envelopes without an event, and anything that failed to
 * decode (the detail shows its issues next to the text).
 */
export function payloadStaysInSw(record: LogRecord): boolean {
  return record.direction === 'in' && record.validity === 'ok' && record.rawEncoding === 'text'
    && record.kind !== undefined && record.stateKey === undefined && record.streamItem === undefined
    && !foldReadsRaw(record);
}

/** Whether the listing of `record` lacks some of its raw text (so a payload search must ask the SW). */
export function listingCutsRaw(record: LogRecord): boolean {
  if (payloadStaysInSw(record)) return record.raw.length > 0;
  return record.raw.length > (record.stateKey !== undefined ? STATE_RAW_CHARS : PREVIEW_RAW_CHARS);
}

/** Whether the listing of `record` lacks the start of its streamed text or reasoning. */
export function listingCutsStream(record: LogRecord): boolean {
  const item = record.streamItem;
  return item !== undefined && (item.text.length > STREAM_TEXT_LISTING_CHARS || (item.reasoning?.length ?? 0) > STREAM_TEXT_LISTING_CHARS);
}

/** The record as the panel gets it: raw kept in the SW, or cut to a preview, marked `rawTruncated`. */
export function listingOf(record: LogRecord): LogRecord {
  if (payloadStaysInSw(record)) return { ...record, raw: '', rawTruncated: true };
  const maxRawChars = record.stateKey !== undefined ? STATE_RAW_CHARS : PREVIEW_RAW_CHARS;
  const cutStream = listingCutsStream(record);
  if (record.raw.length <= maxRawChars && !cutStream) return record;
  return {
    ...record,
    ...(record.raw.length > maxRawChars ? { raw: record.raw.slice(0, maxRawChars) } : {}),
    ...(cutStream ? { streamItem: streamListingOf(record.streamItem as StreamInfo) } : {}),
    rawTruncated: true,
  };
}

/** The item with only the end of its text and reasoning, saying how much of each was left out. */
function streamListingOf(item: StreamInfo): StreamInfo {
  const listing: StreamInfo = { ...item };
  const textOmitted = item.text.length - STREAM_TEXT_LISTING_CHARS;
  if (textOmitted > 0) {
    listing.text = item.text.slice(textOmitted);
    listing.textOmitted = textOmitted;
  }
  const reasoningOmitted = (item.reasoning?.length ?? 0) - STREAM_TEXT_LISTING_CHARS;
  if (item.reasoning !== undefined && reasoningOmitted > 0) {
    listing.reasoning = item.reasoning.slice(reasoningOmitted);
    listing.reasoningOmitted = reasoningOmitted;
  }
  return listing;
}
