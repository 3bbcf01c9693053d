// Events whose payload stays in the SW, end to end through the real port hub: the panel holds
// listings, searches payloads and fetches full records for an export, across an SW restart.
import { describe, expect, it } from 'vitest';
import type { DecodedFrame } from '../../../src/shared/record';
import { decodeFrame } from '../../../src/shared/protocol/decode-frame';
import { STREAM_TEXT_LISTING_CHARS } from '../../../src/background/port-listing';
import { EXPANDED_RECORDS_KEPT } from '../../../src/panel/store/conversation';
import { KEY, eventIds, frame, setup, until } from './harness';

const target = { serverUrl: 'http://127.0.0.1:1', conversationId: 'demo', protocol: 'v1-events' as const };

/** An observation: its fold needs only ids, so it crosses the port without raw. */
function observation(id: string): DecodedFrame {
  return largeObservation(id, 0);
}

/** An observation whose output is `padding` characters longer. */
function largeObservation(id: string, padding: number): DecodedFrame {
  const raw = JSON.stringify({ kind: 'ObservationEvent', id, source: 'environment', observation: { content: `output of ${id}${'x'.repeat(padding)}` } });
  return frame(id, { kind: 'ObservationEvent', source: 'environment', raw, size: raw.length, summary: id });
}

/** The panel attached to a conversation whose SW log holds these observations. */
async function attachedTo(ids: string[]) {
  const fixture = setup();
  const { store, sw } = fixture;
  await until(() => store.link.state.value === 'live');
  for (const id of ids) sw().log.appendInbound(observation(id), 'socket');
  await store.attach(target);
  await until(() => eventIds(store).length === ids.length);
  return { ...fixture, conversation: store.active.value! };
}

describe('payloads kept in the SW', () => {
  it('are searched and fetched in the panel\'s numbering, also after an SW restart', async () => {
    const { store, sw, clock, restartSw, conversation } = await attachedTo(['a', 'b', 'c']);
    expect(conversation.source.records.map((r) => [r.raw, r.rawTruncated])).toEqual([['', true], ['', true], ['', true]]);
    expect(await store.searchPayloads(KEY, 'OUTPUT OF B', -Infinity)).toEqual({ throughSeq: 3, seqs: [2] });
    // History loaded newest-first: older records are numbered below the first, down past zero.
    sw().log.prependHistory(['p1', 'p2', 'p3'].map(observation));
    await until(() => eventIds(store).length === 6, 'prepended');
    expect(conversation.source.records.map((r) => r.seq)).toEqual([-2, -1, 0, 1, 2, 3]);
    expect(await store.searchPayloads(KEY, 'output of p', -Infinity)).toEqual({ throughSeq: 3, seqs: [-2, -1, 0] });
    // A cursor below zero is one (a partial answer stopped there), not "from the start".
    expect(await store.searchPayloads(KEY, 'output of p', -2)).toEqual({ throughSeq: 3, seqs: [-1, 0] });

    // The restarted SW numbers from 1 again; the panel keeps a, b, c and maps d after them.
    restartSw('E2', []).log.appendInbound(observation('a'), 'socket');
    sw().log.appendInbound(observation('d'), 'socket');
    await until(() => store.link.state.value === 'reconnecting');
    clock.advance(1_000);
    await until(() => eventIds(store).join() === 'p1,p2,p3,a,b,c,d', 'merged');
    const d = conversation.source.records[6]!;
    expect(d.seq).toBe(5); // SW seq 2 + offset 3
    // `a` matches in the new SW's copy (its seq 1), which the panel merged away: the match is
    // shown on the `a` it kept (seq 1), not on seq 4, which no row has.
    expect(await store.searchPayloads(KEY, 'output of', -Infinity)).toEqual({ throughSeq: 5, seqs: [1, 5] });
    expect(await store.searchPayloads(KEY, 'output of', 4)).toEqual({ throughSeq: 5, seqs: [5] });

    // Full records for an export: by seq for this epoch, by event id for the earlier one (the new
    // SW rebuilt only `a` of those); what the SW no longer holds stays a listing, marked cut.
    const full = await store.fullRecords(KEY, conversation.source.records);
    expect(full.map((r) => [r.seq, r.eventId, r.rawTruncated ?? false, r.raw.includes(`output of ${r.eventId}`)])).toEqual([
      [-2, 'p1', true, false], [-1, 'p2', true, false], [0, 'p3', true, false],
      [1, 'a', false, true], [2, 'b', true, false], [3, 'c', true, false], [5, 'd', false, true],
    ]);
    expect(conversation.source.records.every((r) => r.raw === '')).toBe(true); // nothing was swapped into the store

    // The detail's fetch: an earlier epoch's record by its event id, kept under its own seq.
    await store.loadFullRecord(KEY, 1);
    expect(conversation.source.get(1)).toMatchObject({ eventId: 'a', seq: 1 });
    expect(conversation.source.get(1)!.raw).toContain('output of a');
    await expect(store.loadFullRecord(KEY, 2)).rejects.toThrow('event b is no longer held by the service worker');
  });

  it('come back for an export of more records than one request may ask for', async () => {
    const { store, sw } = setup();
    await until(() => store.link.state.value === 'live');
    for (let i = 0; i < 2_500; i += 1) sw().log.appendInbound(observation(`e${i}`), 'socket');
    await store.attach(target);
    await until(() => eventIds(store).length === 2_500);
    const full = await store.fullRecords(KEY, store.active.value!.source.records);
    expect(full.every((r, i) => !r.rawTruncated && r.raw.includes(`output of e${i}`) && r.seq === i + 1)).toBe(true);
  });

  it('come back for an export too large for one port message, over several answers', async () => {
    // Chrome refuses a port message over 64 MiB; here the port takes 12M characters.
    const { store, sw } = setup({ portMaxMessageChars: 12 * 2 ** 20 });
    await until(() => store.link.state.value === 'live');
    for (let i = 0; i < 12; i += 1) sw().log.appendInbound(largeObservation(`e${i}`, 2 ** 20), 'socket');
    await store.attach(target);
    await until(() => eventIds(store).length === 12);
    // Before: one answer of 12M characters; the post threw, and the panel waited for it in vain.
    const full = await store.fullRecords(KEY, store.active.value!.source.records);
    expect(full.map((r) => [r.seq, r.rawTruncated ?? false, r.raw.length > 2 ** 20])).toEqual(Array.from({ length: 12 }, (_, i) => [i + 1, false, true]));
    expect(store.link.state.value).toBe('live');
  });

  it('go back to listings once more than a few dozen full records were fetched', async () => {
    const { store, sw } = setup();
    await until(() => store.link.state.value === 'live');
    const count = EXPANDED_RECORDS_KEPT + 6;
    for (let i = 0; i < count; i += 1) sw().log.appendInbound(observation(`e${i}`), 'socket');
    await store.attach(target);
    await until(() => eventIds(store).length === count);
    const conversation = store.active.value!;
    for (let seq = 1; seq <= count; seq += 1) await store.loadFullRecord(KEY, seq); // a selection walking the log
    expect(conversation.expandedCount()).toBe(EXPANDED_RECORDS_KEPT);
    const full = conversation.source.records.map((r) => r.raw !== '');
    expect(full.slice(0, 6)).toEqual([false, false, false, false, false, false]);
    expect(full.slice(6).every(Boolean)).toBe(true);
    await store.loadFullRecord(KEY, 1); // selected again: fetched again
    expect(conversation.source.get(1)!.raw).toContain('output of e0');
    expect(conversation.source.get(7)!.raw).toBe('');
  });

  // Loaded whole, a streamed item still growing went back to its cut listing at the next update
  // (within 100 ms): the detail showed the whole text for a moment, then "only the end" again.
  it('a streamed item loaded whole stays whole while it grows', async () => {
    const { store, sw, clock } = setup({ flushDelayMs: 16 });
    await until(() => store.link.state.value === 'live');
    const delta = (n: number, content: string) => decodeFrame('v1-events', JSON.stringify({ kind: 'StreamingDeltaEvent', id: `d${n}`, timestamp: '2026-01-01T00:00:00', source: 'agent', content }));
    const start = 'a'.repeat(STREAM_TEXT_LISTING_CHARS + 1_000);
    sw().log.appendInbound(delta(1, start), 'socket');
    await store.attach(target);
    await until(() => store.active.value?.source.records.length === 1, 'the item');
    const conversation = store.active.value!;
    expect(conversation.source.get(1)!.streamItem).toMatchObject({ textOmitted: 1_000 });

    await store.loadFullRecord(KEY, 1);
    expect(conversation.source.get(1)!.streamItem!.text).toBe(start);
    for (const [n, piece] of [[2, ' and b'], [3, ' and c']] as const) {
      sw().log.appendInbound(delta(n, piece), 'socket');
      clock.advance(100); // the SW's update interval
      await until(() => conversation.source.get(1)!.streamItem!.text.endsWith(piece), `update ${n}`);
    }
    const item = conversation.source.get(1)!;
    expect(item.rawTruncated).toBeFalsy();
    expect(item.streamItem!.textOmitted).toBeUndefined();
    expect(item.streamItem!.text).toBe(`${start} and b and c`);
    expect(item.streamItem!.text).toBe(sw().log.get(1)!.streamItem!.text);
  });

  // The restarted SW's history comes newest-first, numbered below zero: mapped after the offset it
  // falls on the rows kept from before the restart (a, b, c merged away; d, e unplaced there).
  it('after an SW restart whose history loads newest-first, each row fetches its own event', async () => {
    const { store, sw, clock, restartSw, conversation } = await attachedTo(['a', 'b', 'c']);
    // d and e happened while the SW was down, f after it reconnected
    restartSw('E2', []).log.appendInbound(observation('f'), 'socket');
    await until(() => store.link.state.value === 'reconnecting');
    clock.advance(1_000);
    await until(() => eventIds(store).join() === 'a,b,c,f', 'f merged');
    sw().log.prependHistory(['a', 'b', 'c', 'd', 'e'].map(observation));
    await until(() => conversation.unplacedAfterRestart.value === 2, 'd, e unplaced');

    const full = await store.fullRecords(KEY, conversation.source.records);
    expect(full.map((r) => [r.eventId, r.raw.includes(`output of ${r.eventId}`)])).toEqual([['a', true], ['b', true], ['c', true], ['f', true]]);
    await store.loadFullRecord(KEY, 2); // the row of b
    expect(conversation.source.get(2)).toMatchObject({ eventId: 'b', seq: 2 });
    expect(conversation.source.get(2)!.raw).toContain('output of b');
    // d matches only in the SW's copy, which no row shows: no row lights up for it
    expect((await store.searchPayloads(KEY, 'output of d', -Infinity)).seqs).toEqual([]);
  });
});
