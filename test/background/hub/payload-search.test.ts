import { describe, expect, it } from 'vitest';
import { searchPayloads } from '../../../src/background/payload-search';
import { STREAM_TEXT_LISTING_CHARS } from '../../../src/background/port-listing';
import { decodeFrame } from '../../../src/shared/protocol/decode-frame';
import type { LogRecord } from '../../../src/shared/record';

function observation(seq: number): LogRecord {
  const raw = JSON.stringify({ kind: 'ObservationEvent', id: `o${seq}`, source: 'environment', timestamp: 't', tool_name: 'terminal', tool_call_id: 'c', action_id: 'a',
    observation: { kind: 'TerminalObservation', content: [{ type: 'text', text: seq % 7 === 0 ? 'needle' : 'hay' }] } });
  return { ...decodeFrame('v1-events', raw), seq, conversationKey: 'k', direction: 'in', receivedAt: 0, protocol: 'v1-events' };
}

describe('searchPayloads', () => {
  const records = Array.from({ length: 1_000 }, (_, i) => observation(i + 1));
  const every7th = records.filter((r) => r.seq % 7 === 0).map((r) => r.seq);

  it('answers whole within its time budget', () => {
    // A clock that stands still: on a loaded machine 1,000 payloads can take longer than the real budget.
    expect(searchPayloads(records, 'NEEDLE', () => 0)).toEqual({ throughSeq: 1_000, seqs: every7th });
  });

  it('stops when its time is up and says where, and the rest follows from there', () => {
    let t = 0;
    const clock = () => (t += 1); // 1 ms per look at the clock: a slow search
    const first = searchPayloads(records, 'needle', clock, 1);
    expect(first.more).toBe(true);
    expect(first.throughSeq).toBeLessThan(1_000);
    const answers = [first];
    while (answers.at(-1)!.more) {
      const after = answers.at(-1)!.throughSeq!;
      answers.push(searchPayloads(records.filter((r) => r.seq > after), 'needle', clock, 1));
    }
    expect(answers.length).toBeGreaterThan(2);
    expect(answers.flatMap((a) => a.seqs)).toEqual(every7th);
    expect(answers.at(-1)).toMatchObject({ throughSeq: 1_000 });
  });

  /** A terminal observation of `lines` build-log lines (45 characters each, no newline in the JSON). */
  function buildLog(seq: number, lines: number): LogRecord {
    const raw = JSON.stringify({ kind: 'ObservationEvent', id: `o${seq}`, source: 'environment', timestamp: 't', tool_name: 'terminal', tool_call_id: 'c', action_id: 'a',
      observation: { kind: 'TerminalObservation', content: [{ type: 'text', text: 'npm ERR! error code 42 while building module\n'.repeat(lines) }] } });
    return { ...decodeFrame('v1-events', raw), seq, conversationKey: 'k', direction: 'in', receivedAt: 0, protocol: 'v1-events' };
  }

  it('looks at its clock after every large payload, not only every 256 records', () => {
    const logs = Array.from({ length: 40 }, (_, i) => buildLog(i + 1, 2_000)); // 93 KB each
    let reads = 0;
    const clock = () => (reads++ === 0 ? 0 : 1_000); // the budget is spent once the first payload is searched
    // Before: all 40 in one answer (256 such logs held the SW's thread 21 s).
    expect(searchPayloads(logs, '/error.*timeout/', clock)).toEqual({ throughSeq: 1, seqs: [], more: true });
  });

  it('refuses a pattern with two unbounded wildcards in a row, before testing any payload', () => {
    // /error.*code.*timeout/ took 380 ms on one 19 KB build log, and grows with the cube of its length.
    expect(() => searchPayloads([buildLog(1, 400)], '/error.*code.*timeout/')).toThrow(/two unbounded wildcards/);
  });

  // A payload with a 28-character word: this pattern took V8 27 s on it, holding the SW's thread
  // (every live connection) all that time. It is refused before any record is tested.
  it('refuses a pattern that backtracks exponentially, before testing any payload', () => {
    const word = observation(1);
    const long = { ...word, raw: word.raw.replace('hay', `${'a'.repeat(28)}!`) };
    expect(() => searchPayloads([long], String.raw`/(\w+\s?)+$/`)).toThrow(/exponential time/);
  });

  it('searches the streamed text whose start the listing lacks, and leaves shorter ones to the panel', () => {
    const streamed = (seq: number, text: string): LogRecord => ({
      ...decodeFrame('v1-session', JSON.stringify({ type: 'item_started', item_id: `i${seq}`, attempt: 1 })),
      seq, conversationKey: 'k', direction: 'in', receivedAt: 0, protocol: 'v1-session',
      streamItem: { itemId: `i${seq}`, attempt: 1, state: 'finished', text },
    });
    const long = streamed(1, `needle ${'x'.repeat(STREAM_TEXT_LISTING_CHARS)}`);
    const short = streamed(2, 'needle');
    expect(searchPayloads([long, short], 'needle').seqs).toEqual([1]);
  });
});

