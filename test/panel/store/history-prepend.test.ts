// History loaded newest-first, panel side, against the real port hub and event log: older
// records the SW backfills go before everything the panel holds (live, or on re-subscribe
// through firstSeq), selection stays on its record, and a prepended preview's full record
// can still be fetched by its (negative) SW seq.
import { describe, expect, it } from 'vitest';
import { ConnectionStory } from '../../../src/panel/store/connection-story';
import { Conversation } from '../../../src/panel/store/conversation';
import type { LogRecord } from '../../../src/shared/record';
import { KEY, eventIds, frame, setup, until } from './harness';

const target = { serverUrl: 'http://127.0.0.1:1', conversationId: 'demo', protocol: 'v1-events' as const };
const older = (...ids: string[]) => ids.map((id) => frame(id));

describe('older history prepended in the panel', () => {
  it('places backfilled records before the newest ones, keeping the selection on its record', async () => {
    const { store, sw } = setup();
    await until(() => store.link.state.value === 'live');
    for (const id of ['e7', 'e8', 'e9']) sw().log.appendInbound(frame(id), 'rest');
    await store.attach(target);
    await until(() => eventIds(store).length === 3);
    const conversation = store.active.value!;
    const e8 = conversation.source.records[1]!.seq;
    store.select(KEY, e8);

    sw().log.prependHistory(older('e4', 'e5', 'e6'));
    await until(() => eventIds(store).length === 6, 'first prepend');
    sw().log.prependHistory(older('e1', 'e2', 'e3'));
    sw().log.appendInbound(frame('e10'), 'socket');
    await until(() => eventIds(store).length === 10, 'second prepend and a live append');

    expect(eventIds(store)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8', 'e9', 'e10']);
    expect(conversation.selectedSeq.value).toBe(e8);
    expect(conversation.source.get(e8)?.eventId).toBe('e8');
    const seqs = conversation.source.records.map((r) => r.seq);
    expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)).toBe(true);
    expect(conversation.source.generation.value).toBeGreaterThan(0); // views re-index once per prepend
  });

  it('a panel whose port died during the backfill gets the older records on re-subscribe (firstSeq)', async () => {
    const { store, sw, clock } = setup();
    await until(() => store.link.state.value === 'live');
    for (const id of ['e7', 'e8', 'e9']) sw().log.appendInbound(frame(id), 'rest');
    await store.attach(target);
    await until(() => eventIds(store).length === 3);
    sw().swEnd?.disconnect();
    sw().log.prependHistory(older('e1', 'e2', 'e3', 'e4', 'e5', 'e6'));
    await until(() => store.link.state.value === 'reconnecting');
    clock.advance(1_000);
    await until(() => eventIds(store).length === 9, 'older records after hello');
    expect(eventIds(store)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8', 'e9']);
    expect(store.active.value!.mergedDuplicates.value).toBe(0);
  });

  it('a panel subscribing after the backfill finished gets the older records in its snapshot (seqs below zero)', async () => {
    const { store, sw } = setup();
    await until(() => store.link.state.value === 'live');
    for (const id of ['e7', 'e8', 'e9']) sw().log.appendInbound(frame(id), 'rest');
    // The backfill ran before the panel's subscribe reached the SW: the log already numbers
    // the older records below its first (here -5..0), and the snapshot carries them.
    sw().log.prependHistory(older('e1', 'e2', 'e3', 'e4', 'e5', 'e6'));
    await store.attach(target);
    await until(() => store.active.value?.snapshotLoading.value === false, 'snapshot done');
    expect(eventIds(store)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8', 'e9']);
  });

  it('fetches the full record behind a prepended preview by its SW seq (below zero)', async () => {
    const { store, sw } = setup();
    await until(() => store.link.state.value === 'live');
    sw().log.appendInbound(frame('e9'), 'rest');
    await store.attach(target);
    await until(() => eventIds(store).length === 1);
    sw().log.prependHistory(older('e7', 'e8'));
    await until(() => eventIds(store).length === 3);
    const e7 = store.active.value!.source.records[0]!;
    expect(e7.seq).toBeLessThan(1);
    await store.loadFullRecord(KEY, e7.seq);
    expect(store.active.value!.source.get(e7.seq)?.eventId).toBe('e7');
  });
});

describe('Conversation.prependOlder', () => {
  const rec = (seq: number): LogRecord => ({ ...frame(`e${seq}`), seq, conversationKey: KEY, direction: 'in', receivedAt: 0, protocol: 'v1-events' });

  it('gathers chunks until done, then prepends once (one re-index)', () => {
    const c = new Conversation(KEY, { type: 'live' });
    c.admit([rec(5), rec(6)]);
    const generation = c.source.generation.value;
    expect(c.prependOlder([rec(1), rec(2)], false)).toBe(0);
    expect(c.source.records).toHaveLength(2);
    expect(c.prependOlder([rec(3), rec(4)], true)).toBe(4);
    expect(c.source.records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(c.source.generation.value).toBe(generation + 1);
    expect(c.swFirstSeq).toBe(1);
  });

  it('after an epoch merge, rows kept from the old log map to no SW seq, however low the new history goes', () => {
    const c = new Conversation(KEY, { type: 'live' });
    c.admit([rec(1), rec(2), rec(3)]);
    c.resetFrom('epoch', 'E2'); // a new log numbered from 1 again
    c.admit([{ ...rec(1), eventId: 'e6' }]); // after the restart: panel seq 4
    c.prependOlder([-4, -3, -2, -1, 0].map((seq) => ({ ...rec(seq), eventId: `e${seq + 5}` })), true);
    expect(c.source.records.map((r) => `${r.seq}:${r.eventId}`)).toEqual(['1:e1', '2:e2', '3:e3', '4:e6']);
    expect(c.swFirstSeq).toBe(-4); // still not asked for again
    // SW seq -1 is e4 (unplaced): e2's row is found by its event id, not there
    expect([1, 2, 3].map((seq) => c.swSeqOf(seq))).toEqual([undefined, undefined, undefined]);
    expect(c.swSeqOf(4)).toBe(1);
    expect(c.panelSeqOf(-1)).toBeUndefined(); // e4 has no row
    expect(c.panelSeqOf(-3)).toBe(2); // e2's copy, merged into the row kept
  });

  it('after an epoch merge, history placed where the cap dropped kept rows maps by offset again', () => {
    const c = new Conversation(KEY, { type: 'live' }, 4);
    c.admit([rec(1), rec(2), rec(3), rec(4)]);
    c.resetFrom('epoch', 'E2');
    c.admit([{ ...rec(1), eventId: 'new1' }]); // panel seq 5: the cap drops kept rows 1 and 2
    c.prependOlder([-3, -2].map((seq) => ({ ...rec(seq), eventId: `old${seq}` })), true);
    expect(c.source.records.map((r) => `${r.seq}:${r.eventId}`)).toEqual(['2:old-2', '3:e3', '4:e4', '5:new1']);
    expect([2, 3, 4, 5].map((seq) => c.swSeqOf(seq))).toEqual([-2, undefined, undefined, 1]);
  });

  it('over the panel cap keeps the newest of them and counts the rest as dropped', () => {
    const c = new Conversation(KEY, { type: 'live' }, 4);
    c.admit([rec(5), rec(6)]);
    c.prependOlder([rec(1), rec(2), rec(3), rec(4)], true);
    expect(c.source.records.map((r) => r.seq)).toEqual([3, 4, 5, 6]);
    expect(c.source.droppedBefore.value).toBe(2);
  });

  it('puts errors in the older history before the story\'s entries (the timeline\'s Errors)', () => {
    const c = new Conversation(KEY, { type: 'live' });
    const error = (seq: number): LogRecord => ({ ...rec(seq), kind: 'AgentErrorEvent', category: 'error', summary: `error ${seq}` });
    c.admit([rec(5), error(6)]);
    c.prependOlder([rec(1), error(2), rec(3), error(4)], true);
    expect(c.story.entries.value.map((r) => r.seq)).toEqual([2, 4, 6]);
  });

  it('past the story\'s cap forgets the oldest errors first, older history included', () => {
    const story = new ConnectionStory(3);
    const error = (seq: number): LogRecord => ({ ...rec(seq), category: 'error' });
    story.take([error(5), error(6)]);
    story.takeOlder([error(1), error(2)]);
    expect(story.entries.value.map((r) => r.seq)).toEqual([2, 5, 6]);
    expect(story.forgotten.value).toBe(1);
  });
});

// An SW restart on a conversation whose history loads newest-first: the restarted SW numbers
// the events it reloads below zero, and the panel maps them after an offset (its last seq), so
// some of them number among the records the panel kept from before the restart.
describe('history a restarted SW reloads newest-first, merged into what the panel kept', () => {
  // Panel keeps e5 e6 e7 (seqs 1..3). The new SW loads its newest page e9 e10 (seqs 1, 2),
  // then older history e1..e8 (seqs -7..0): mapped after offset 3, e1..e4 land before e5
  // (-4..-1), e5..e7 are duplicates, and e8 (3) numbers among the kept records: e8 arrived
  // while the SW was down, and there is no seq free for it between e7 and e9.
  async function restartedWithOlderHistory(backfillBeforeResubscribe: boolean) {
    const fixture = setup();
    const { store, sw, clock, restartSw } = fixture;
    await until(() => store.link.state.value === 'live');
    for (const id of ['e5', 'e6', 'e7']) sw().log.appendInbound(frame(id), 'rest');
    await store.attach(target);
    await until(() => eventIds(store).length === 3);
    const next = restartSw('E2', ['e9', 'e10']);
    if (backfillBeforeResubscribe) next.log.prependHistory(older('e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8'));
    await until(() => store.link.state.value === 'reconnecting');
    clock.advance(1_000);
    await until(() => eventIds(store).length >= 5, 'newest page merged');
    if (!backfillBeforeResubscribe) next.log.prependHistory(older('e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8'));
    await until(() => eventIds(store).length === 9, 'older history placed');
    return { ...fixture, conversation: store.active.value! };
  }

  for (const when of ['during the snapshot', 'after it (recordsPrepended)']) {
    it(`places the older ones before and counts the one it cannot place, reloaded ${when}`, async () => {
      const { store, conversation } = await restartedWithOlderHistory(when === 'during the snapshot');
      expect(eventIds(store)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e9', 'e10']);
      const seqs = conversation.source.records.map((r) => r.seq);
      expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)).toBe(true);
      expect(conversation.mergedDuplicates.value).toBe(3);
      expect(conversation.unplacedAfterRestart.value).toBe(1);
    });
  }

  it('reloading from the SW shows its whole log in order, live batches after it, and nothing unplaced', async () => {
    const { store, sw, conversation } = await restartedWithOlderHistory(true);
    store.reloadFromSw(KEY);
    expect(conversation.source.records).toHaveLength(0);
    sw().log.appendInbound(frame('e11'), 'socket'); // may cross the reload: must not cut the snapshot short
    await until(() => eventIds(store).length === 11, 'the SW log');
    expect(eventIds(store)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8', 'e9', 'e10', 'e11']);
    expect(conversation.unplacedAfterRestart.value).toBe(0);
    expect(conversation.mergedDuplicates.value).toBe(0); // nothing of ours is merged into any more
    sw().log.appendInbound(frame('e12'), 'socket');
    await until(() => eventIds(store).length === 12, 'live after the reload');
    await store.loadFullRecord(KEY, conversation.source.records[7]!.seq);
    expect(conversation.source.records[7]!.rawTruncated).not.toBe(true);
  });
});
