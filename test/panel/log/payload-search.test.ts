// The event list's text filter over payloads the panel does not hold: the SW answers for them
// (a fake searcher here, run over the payloads a test keeps "in the SW").
import { describe, expect, it, vi } from 'vitest';
import type { LogRecord } from '../../../src/shared/record';
import type { PayloadSearchAnswer } from '../../../src/shared/port/messages';
import { RETEST_AT_MOST, createEventLogModel } from '../../../src/panel/log/event-log-model';
import { listingOf, STREAM_TEXT_LISTING_CHARS } from '../../../src/background/port-listing';
import { searchPayloads } from '../../../src/background/payload-search';
import { FakeRecordSource, makeRecord } from './fake-record-source';

/** A searcher whose answers the test releases one at a time, as a slow SW would. */
class FakeSw {
  readonly payloads = new Map<number, string>();
  readonly asked: Array<{ text: string; afterSeq: number; answer: (a?: PayloadSearchAnswer) => void; fail: (e: Error) => void }> = [];

  /** A listing (no raw) whose payload only the SW holds. */
  listing(seq: number, payload: string): LogRecord {
    this.payloads.set(seq, payload);
    return makeRecord({ seq, raw: '', rawTruncated: true, summary: `event ${seq}` });
  }

  readonly search = (text: string, afterSeq: number) => new Promise<PayloadSearchAnswer>((resolve, reject) => {
    const compute = (): PayloadSearchAnswer => {
      const seqs = [...this.payloads].filter(([seq, p]) => seq > afterSeq && p.toLowerCase().includes(text.toLowerCase())).map(([seq]) => seq);
      return { throughSeq: Math.max(afterSeq, ...this.payloads.keys()), seqs };
    };
    this.asked.push({ text, afterSeq, answer: (a) => resolve(a ?? compute()), fail: reject });
  });

  async answerNext(a?: PayloadSearchAnswer): Promise<void> {
    const next = this.asked.shift();
    if (!next) throw new Error('no search asked');
    next.answer(a);
    await new Promise((r) => setTimeout(r, 0));
  }
}

const shownSeqs = (model: ReturnType<typeof createEventLogModel>) =>
  Array.from({ length: model.index.length }, (_, p) => model.recordAt(p)!.seq);

describe('payload search', () => {
  it('shows a listing whose payload the SW found the text in, and searches only what came since', async () => {
    const sw = new FakeSw();
    const source = new FakeRecordSource();
    source.append(sw.listing(1, '{"command":"pytest -q"}'), sw.listing(2, '{"command":"ls"}'), makeRecord({ seq: 3, summary: 'pytest by summary' }));
    const model = createEventLogModel(source, undefined, undefined, sw.search);
    expect(sw.asked).toEqual([]); // no text, no search

    model.setFilter({ text: 'PYTEST' });
    expect(shownSeqs(model)).toEqual([3]); // the summary matches at once
    expect(model.payloadSearching.value).toBe(true);
    expect(sw.asked.map((a) => [a.text, a.afterSeq])).toEqual([['PYTEST', -Infinity]]);
    await sw.answerNext();
    expect(shownSeqs(model)).toEqual([1, 3]);
    expect(model.payloadSearching.value).toBe(false);

    // Live records: one search for the records after the last one searched.
    source.append(sw.listing(4, 'pytest again'), sw.listing(5, 'nothing'));
    expect(sw.asked.map((a) => a.afterSeq)).toEqual([3]);
    source.append(sw.listing(6, 'pytest too')); // one search at a time
    expect(sw.asked).toHaveLength(1);
    await sw.answerNext();
    expect(shownSeqs(model)).toEqual([1, 3, 4, 6]);
    expect(sw.asked).toEqual([]); // the answer covered 6 too
  });

  it('continues a partial answer from where the SW stopped, not from the newest record', async () => {
    const sw = new FakeSw();
    const source = new FakeRecordSource();
    source.append(sw.listing(1, 'alpha'), sw.listing(2, 'alpha'), sw.listing(3, 'alpha'));
    const model = createEventLogModel(source, undefined, undefined, sw.search);
    model.setFilter({ text: 'alpha' });
    await sw.answerNext({ throughSeq: 1, seqs: [1], more: true }); // the SW's time was up after seq 1
    expect(shownSeqs(model)).toEqual([1]);
    expect(model.payloadSearching.value).toBe(true);
    expect(sw.asked.map((a) => a.afterSeq)).toEqual([1]);
    await sw.answerNext();
    expect(shownSeqs(model)).toEqual([1, 2, 3]);
    expect(model.payloadSearching.value).toBe(false);
  });

  it('re-filters once for an answer with many matches instead of re-testing row by row', async () => {
    const sw = new FakeSw();
    const source = new FakeRecordSource();
    for (let seq = 1; seq <= RETEST_AT_MOST * 3; seq += 1) source.append(sw.listing(seq, seq % 2 === 0 ? 'omega' : 'alpha'));
    const model = createEventLogModel(source, undefined, undefined, sw.search);
    model.setFilter({ text: 'omega' });
    const rebuild = vi.spyOn(model.index, 'rebuild');
    await sw.answerNext(); // 1.5 × RETEST_AT_MOST matches
    expect(rebuild).toHaveBeenCalledTimes(1);
    expect(shownSeqs(model)).toEqual(Array.from({ length: RETEST_AT_MOST * 3 / 2 }, (_, i) => 2 * (i + 1)));
    source.append(sw.listing(1_000, 'omega'));
    await sw.answerNext(); // one match: re-tested alone
    expect(rebuild).toHaveBeenCalledTimes(1);
    expect(shownSeqs(model).at(-1)).toBe(1_000);
  });

  it('drops an answer for an older text, asks for the new one only then, and inverts over the SW\'s verdict', async () => {
    const sw = new FakeSw();
    const source = new FakeRecordSource();
    source.append(sw.listing(1, 'alpha'), sw.listing(2, 'beta'));
    const model = createEventLogModel(source, undefined, undefined, sw.search);
    model.setFilter({ text: 'al' });
    model.setFilter({ text: 'alp' }); // typing: one search in flight at a time
    model.setFilter({ text: 'beta' });
    expect(sw.asked.map((a) => a.text)).toEqual(['al']);
    expect(model.payloadSearching.value).toBe(true);
    await sw.answerNext({ throughSeq: 2, seqs: [1] }); // the first text's answer arrives late
    expect(shownSeqs(model)).toEqual([]);
    expect(sw.asked.map((a) => a.text)).toEqual(['beta']); // the skipped 'alp' is never asked
    await sw.answerNext();
    expect(shownSeqs(model)).toEqual([2]);
    model.setFilter({ invert: true }); // same text: no new search
    expect(sw.asked).toEqual([]);
    expect(shownSeqs(model)).toEqual([1]);
  });

  it('says when the search failed, and tries again once newer records come or the text changes', async () => {
    const sw = new FakeSw();
    const source = new FakeRecordSource();
    source.append(sw.listing(1, 'alpha'));
    const model = createEventLogModel(source, undefined, undefined, sw.search);
    model.setFilter({ text: 'alpha' });
    sw.asked.shift()!.fail(new Error('port closed'));
    await new Promise((r) => setTimeout(r, 0));
    expect(model.filterError.value).toBe('payload search failed: port closed');
    expect(sw.asked).toEqual([]); // no retry loop against a failing SW
    source.update(makeRecord({ seq: 1, raw: '', rawTruncated: true, summary: 'event 1' })); // an update is no newer record
    expect(sw.asked).toEqual([]);
    source.append(sw.listing(2, 'alpha'));
    expect(sw.asked.map((a) => a.afterSeq)).toEqual([-Infinity]); // the failed range again, with the new record
    await sw.answerNext();
    expect(model.filterError.value).toBeNull();
    expect(shownSeqs(model)).toEqual([1, 2]);
    model.setFilter({ text: 'alph' });
    sw.asked.shift()!.fail(new Error('port closed'));
    await new Promise((r) => setTimeout(r, 0));
    model.setFilter({ text: 'alpha' }); // a new text starts over at once
    expect(model.filterError.value).toBeNull();
    await sw.answerNext();
    expect(shownSeqs(model)).toEqual([1, 2]);
  });

  it('searches again from the start after the records were reset (a prepend)', async () => {
    const sw = new FakeSw();
    const source = new FakeRecordSource();
    source.append(sw.listing(5, 'alpha'));
    const model = createEventLogModel(source, undefined, undefined, sw.search);
    model.setFilter({ text: 'alpha' });
    await sw.answerNext();
    expect(shownSeqs(model)).toEqual([5]);
    // Older history placed first, numbered below zero (loaded newest-first).
    source.records.unshift(sw.listing(-7, 'alpha'), sw.listing(0, 'beta'));
    source.generation.value += 1; // what the store does for older records placed first
    expect(sw.asked.map((a) => a.afterSeq)).toEqual([-Infinity]);
    await sw.answerNext();
    expect(shownSeqs(model)).toEqual([-7, 5]);
  });

  it('keeps the rows found by payload, without searching again, when the cap drops the oldest records', async () => {
    const sw = new FakeSw();
    const source = new FakeRecordSource();
    for (let seq = 1; seq <= 10; seq++) source.append(sw.listing(seq, seq % 2 === 0 ? 'pytest' : 'ls'));
    const model = createEventLogModel(source, undefined, undefined, sw.search);
    model.setFilter({ text: 'pytest' });
    await sw.answerNext();
    expect(shownSeqs(model)).toEqual([2, 4, 6, 8, 10]);

    source.dropOldest(2); // the panel's cap: seqs 3..10 still mean the same records

    expect(shownSeqs(model)).toEqual([4, 6, 8, 10]);
    expect(sw.asked).toEqual([]);
    model.dispose();
  });

  it('counts rows found by payload in "↓ N new" when they came after the list let go of the bottom', async () => {
    const sw = new FakeSw();
    const source = new FakeRecordSource();
    source.append(sw.listing(1, 'pytest'), sw.listing(2, 'ls'));
    const model = createEventLogModel(source, undefined, undefined, sw.search);
    model.setFilter({ text: 'pytest' });
    await sw.answerNext();
    expect(shownSeqs(model)).toEqual([1]);
    model.dispatchFollow({ type: 'scrolled', atBottom: false }); // the person reads older rows

    source.append(sw.listing(3, 'pytest again'), sw.listing(4, 'pytest more'), sw.listing(5, 'nothing'));
    await sw.answerNext();

    expect(shownSeqs(model)).toEqual([1, 3, 4]);
    expect(model.follow.value).toEqual({ mode: 'detached', unseen: 2 });
    model.dispose();
  });

  it('does not count as new the older rows a new text finds by payload', async () => {
    const sw = new FakeSw();
    const source = new FakeRecordSource();
    source.append(sw.listing(1, 'pytest'), sw.listing(2, 'ls'), sw.listing(3, 'pytest'));
    const model = createEventLogModel(source, undefined, undefined, sw.search);
    model.dispatchFollow({ type: 'scrolled', atBottom: false });
    source.append(sw.listing(4, 'pytest'));
    model.setFilter({ text: 'pytest' });
    await sw.answerNext();
    expect(shownSeqs(model)).toEqual([1, 3, 4]);
    expect(model.follow.value).toEqual({ mode: 'detached', unseen: 0 });
    model.dispose();
  });
});

// The SW's own listing and search over a streamed item it updates in place: the panel holds the
// item's text whole until it passes the listing cut, then only its end.
describe('payload search over a streamed item growing past its listing cut', () => {
  const padding = 'x'.repeat(STREAM_TEXT_LISTING_CHARS + 10);
  function streamingSw() {
    const full = new Map<number, LogRecord>();
    const asked: Array<{ afterSeq: number; answer: () => void }> = [];
    const source = new FakeRecordSource();
    // Searched when asked, as the SW does; the answer reaches the panel when the test says.
    const search = (text: string, afterSeq: number) => new Promise<PayloadSearchAnswer>((resolve) => {
      const answer = searchPayloads([...full.values()].filter((r) => r.seq > afterSeq), text);
      asked.push({ afterSeq, answer: () => resolve(answer) });
    });
    /** The SW appends (or updates in place) the item and sends the panel its listing. */
    const stream = (seq: number, text: string, reasoning?: string) => {
      const record = makeRecord({ seq, frameType: 'item_started', category: 'stream', kind: undefined, raw: `{"type":"item_started","item_id":"i${seq}"}`,
        summary: `stream i${seq}`, streamItem: { itemId: `i${seq}`, attempt: 1, state: 'streaming', text, ...(reasoning === undefined ? {} : { reasoning }) } });
      const isNew = !full.has(seq);
      full.set(seq, record);
      if (isNew) source.append(listingOf(record));
      else source.update(listingOf(record));
    };
    const answerNext = async () => { asked.shift()!.answer(); await new Promise((r) => setTimeout(r, 0)); };
    return { source, search, stream, asked, answerNext };
  }

  it('keeps showing an item whose text held the filter text once the start is cut from its listing', async () => {
    const { source, search, stream, asked, answerNext } = streamingSw();
    const model = createEventLogModel(source, undefined, undefined, search);
    model.setFilter({ text: 'needle' });
    stream(1, 'needle: ');
    await answerNext(); // the SW had nothing the panel lacked
    expect(shownSeqs(model)).toEqual([1]); // its own text matches

    stream(1, `needle: ${padding}`); // the listing now holds only the end
    expect(source.records[0]!.streamItem!.textOmitted).toBeGreaterThan(0);
    expect(asked.map((a) => a.afterSeq)).toEqual([0]); // searched again, though already passed
    await answerNext();
    expect(shownSeqs(model)).toEqual([1]);
    stream(1, `needle: ${padding}more`); // grows on: the SW's match stands, no new search
    expect(asked).toEqual([]);
    expect(shownSeqs(model)).toEqual([1]);
    model.dispose();
  });

  it('searches the item again when it was cut while a search was on its way', async () => {
    const { source, search, stream, asked, answerNext } = streamingSw();
    const model = createEventLogModel(source, undefined, undefined, search);
    model.setFilter({ text: 'needle' });
    stream(1, 'needle: ');
    expect(asked.map((a) => a.afterSeq)).toEqual([-Infinity]);
    stream(1, `needle: ${padding}`); // cut before the answer, which the SW made while it was whole
    await answerNext();
    expect(asked.map((a) => a.afterSeq)).toEqual([0]);
    await answerNext();
    expect(shownSeqs(model)).toEqual([1]);
    model.dispose();
  });

  it('matches the reasoning the panel holds, and does not search again for an item that never matched', async () => {
    const { source, search, stream, asked, answerNext } = streamingSw();
    stream(1, 'answer', 'thinking about the needle');
    stream(2, 'hay');
    const model = createEventLogModel(source, undefined, undefined, search);
    model.setFilter({ text: 'needle' });
    await answerNext();
    expect(shownSeqs(model)).toEqual([1]); // by its reasoning: the SW does not search what the panel holds
    stream(2, `hay ${padding}`);
    expect(asked).toEqual([]);
    model.dispose();
  });
});
