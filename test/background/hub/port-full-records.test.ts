// Full records for the panel (`getRecord`, `getRecords`), each answer one port message: an
// export of browser screenshots (hundreds of KB each, 1,000 asked at once) passed Chrome's
// 64 MiB port-message limit, the post threw, and the panel got no answer.
import { describe, expect, it } from 'vitest';
import { EventLog } from '../../../src/background/event-log';
import { fullRecord, fullRecords } from '../../../src/background/port-full-records';
import { ALONE_MAX_CHARS, BULK_MESSAGE_CHARS, recordChars } from '../../../src/background/port-message-size';
import { decodeFrame } from '../../../src/shared/protocol/decode-frame';
import type { LogRecord } from '../../../src/shared/record';

/** A browser observation carrying a base64 screenshot of `chars` characters; its payload stays in the SW. */
function screenshot(id: string, chars: number) {
  return decodeFrame('v1-events', JSON.stringify({
    kind: 'ObservationEvent', id, timestamp: '2026-01-01T00:00:00', source: 'environment', tool_name: 'browser_navigate', tool_call_id: `c-${id}`, action_id: `a-${id}`,
    observation: { kind: 'BrowserObservation', content: [{ type: 'text', text: `page ${id}` }], is_error: false, screenshot_data: 'iVBORw0KGgo'.repeat(Math.ceil(chars / 11)).slice(0, chars) },
  }));
}

function logOf(sizes: number[]): EventLog {
  const log = new EventLog({ conversationKey: 'k', protocol: 'v1-events', now: () => 0 });
  sizes.forEach((chars, i) => log.appendInbound(screenshot(`s${i + 1}`, chars), 'socket'));
  return log;
}

const chars = (records: readonly LogRecord[]) => records.reduce((n, r) => n + recordChars(r), 0);

describe('fullRecords', () => {
  it('answers what fits one message and lists the rest, which the next asks bring, in order', () => {
    const log = logOf(Array.from({ length: 30 }, () => 1_000_000));
    const seqs = Array.from({ length: 30 }, (_, i) => 30 - i); // newest first: the order asked is kept
    const answers = [fullRecords(log, seqs)];
    while (answers.at(-1)!.rest !== undefined) answers.push(fullRecords(log, answers.at(-1)!.rest!.seqs, answers.at(-1)!.rest!.eventIds));
    // Before: one answer of 30M characters (an export of 1,000 such records: 1 GB).
    expect(answers.length).toBeGreaterThan(3);
    for (const answer of answers) expect(chars(answer.records)).toBeLessThanOrEqual(BULK_MESSAGE_CHARS);
    const records = answers.flatMap((a) => a.records);
    expect(records.map((r) => r.seq)).toEqual(seqs);
    expect(records.every((r) => r.raw === log.get(r.seq)!.raw && !r.rawTruncated)).toBe(true);
  });

  it('lists what is left of both asks: seqs first, then event ids', () => {
    const log = logOf([5_000_000, 5_000_000, 5_000_000]);
    const first = fullRecords(log, [1, 2, 99], ['s3']);
    expect(first.records.map((r) => r.seq)).toEqual([1]);
    expect(first.rest).toEqual({ seqs: [2], eventIds: ['s3'] }); // 99 is not held: nothing to ask again
    const second = fullRecords(log, first.rest!.seqs, first.rest!.eventIds);
    expect(second).toMatchObject({ records: [{ seq: 2 }], rest: { seqs: [], eventIds: ['s3'] } });
    expect(fullRecords(log, [], ['s3'])).toEqual({ records: [log.get(3)] });
  });

  it('sends a record over the message budget alone, and one too large even for that as its listing', () => {
    const log = logOf([100, 10_000_000, ALONE_MAX_CHARS + 1, 100]);
    const answers = [fullRecords(log, [1, 2, 3, 4])];
    while (answers.at(-1)!.rest !== undefined) answers.push(fullRecords(log, answers.at(-1)!.rest!.seqs, []));
    expect(answers.map((a) => a.records.map((r) => [r.seq, r.rawTruncated ?? false]))).toEqual([[[1, false]], [[2, false]], [[3, true]], [[4, false]]]);
    expect(answers[2]!.records[0]!.raw).toBe(''); // its payload stays in the SW: the export marks it cut
  });
});

describe('fullRecord', () => {
  it('serves a record whole, and refuses with the reason one too large for a port message', () => {
    const log = logOf([100, ALONE_MAX_CHARS + 1]);
    expect(fullRecord(log, 'k', 1)).toBe(log.get(1));
    expect(() => fullRecord(log, 'k', 2)).toThrow(/record 2 holds 16\.0M characters, more than one message to the panel carries \(16M\): only its preview can be shown/);
    expect(() => fullRecord(log, 'k', 9)).toThrow('record 9 is no longer held for k');
  });
});
