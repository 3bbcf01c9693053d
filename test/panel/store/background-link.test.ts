import { describe, expect, it } from 'vitest';
import { KEY, eventIds, frame, setup, status, until } from './harness';

const target = { serverUrl: 'http://127.0.0.1:1', conversationId: 'demo', protocol: 'v1-events' as const };

describe('background link + store against the real port hub', () => {
  it('goes live on welcome, attaches, and takes the snapshot then streamed batches', async () => {
    const { store, sw } = setup();
    expect(store.link.state.value).toBe('connecting');
    await until(() => store.link.state.value === 'live', 'live');
    expect(store.link.epoch.value).toBe('E1');
    sw().log.appendInbound(frame('a'), 'socket');
    sw().log.appendInbound(frame('b'), 'socket');
    const key = await store.attach(target);
    expect(key).toBe(KEY);
    await until(() => eventIds(store).length === 2, 'snapshot');
    sw().log.appendInbound(frame('c'), 'socket');
    sw().log.appendInbound(frame('d'), 'socket');
    await until(() => eventIds(store).length === 4, 'appended');
    expect(eventIds(store)).toEqual(['a', 'b', 'c', 'd']);
    const conversation = store.active.value!;
    expect(conversation.status.value?.state).toBe('open');
    expect(conversation.snapshotLoading.value).toBe(false);
    expect(sw().commands.map((c) => c.name)).toEqual(['listConnections', 'attach', 'subscribe']);
  });

  it('follows a connection the SW already holds (another panel or autoconnect attached it)', async () => {
    const { store, sw } = setup();
    sw().attached = true;
    sw().log.appendInbound(frame('x'), 'socket');
    await until(() => eventIds(store).length === 1, 'discovered through listConnections');
    expect(store.activeKey.value).toBe(KEY);
  });

  it('reconnects after an SW restart, says hello with its epoch, and merges by event id without duplicates', async () => {
    const { store, sw, clock, restartSw, connects } = setup();
    await until(() => store.link.state.value === 'live');
    for (const id of ['a', 'b', 'c']) sw().log.appendInbound(frame(id), 'socket');
    await store.attach(target);
    await until(() => eventIds(store).length === 3);
    const seqsBefore = store.active.value!.source.records.map((r) => r.seq);

    // The new SW rebuilt its log from server history (seqs start at 1 again) plus one new event.
    const next = restartSw('E2', ['a', 'b', 'c', 'd']);
    await until(() => store.link.state.value === 'reconnecting', 'reconnecting');
    clock.advance(1_000);
    await until(() => store.link.state.value === 'live', 'live again');
    expect(connects()).toBe(2);
    await until(() => eventIds(store).length === 4, 'merged');
    expect(eventIds(store)).toEqual(['a', 'b', 'c', 'd']);
    const conversation = store.active.value!;
    const seqs = conversation.source.records.map((r) => r.seq);
    expect(seqs.slice(0, 3)).toEqual(seqsBefore);
    expect(seqs.every((s, i) => i === 0 || s > (seqs[i - 1] as number))).toBe(true);
    expect(conversation.mergedDuplicates.value).toBe(3);
    expect(store.link.epoch.value).toBe('E2');

    // Live appends of the new epoch keep flowing, still without duplicates.
    next.log.appendInbound(frame('e'), 'socket');
    await until(() => eventIds(store).length === 5);
    expect(eventIds(store)).toEqual(['a', 'b', 'c', 'd', 'e']);

    // The filter's payload search runs over the new SW's copies: a match in one merged away
    // shows on the row kept from before the restart, a match in a new record on its own row.
    const seqOf = (id: string) => conversation.source.records.find((r) => r.eventId === id)!.seq;
    const found = await store.searchPayloads(KEY, '"id":"b"', -Infinity);
    expect(found.seqs).toEqual([seqOf('b')]);
    expect((await store.searchPayloads(KEY, '"id":"e"', -Infinity)).seqs).toEqual([seqOf('e')]);
  });

  it('resumes a same-epoch hello from lastSeq (no reset, nothing twice)', async () => {
    const { store, sw, clock } = setup();
    await until(() => store.link.state.value === 'live');
    sw().log.appendInbound(frame('a'), 'socket');
    await store.attach(target);
    await until(() => eventIds(store).length === 1);
    // Only the port dies (e.g. a navigation of the SW context), the SW and its log stay.
    sw().swEnd?.disconnect();
    sw().log.appendInbound(frame('b'), 'socket');
    await until(() => store.link.state.value === 'reconnecting');
    clock.advance(1_000);
    await until(() => eventIds(store).length === 2);
    expect(eventIds(store)).toEqual(['a', 'b']);
    expect(store.active.value!.mergedDuplicates.value).toBe(0);
  });

  it('re-follows a conversation the restarted SW restores after answering hello with connectionRemoved', async () => {
    const { store, sw, clock, restartSw } = setup();
    await until(() => store.link.state.value === 'live');
    sw().log.appendInbound(frame('a'), 'socket');
    await store.attach(target);
    await until(() => eventIds(store).length === 1);
    const next = restartSw('E2', [], false);
    await until(() => store.link.state.value === 'reconnecting');
    clock.advance(1_000);
    await until(() => store.active.value?.removed.value === true, 'removed');
    expect(store.active.value!.snapshotLoading.value).toBe(false);
    // Persistence re-attaches it a moment later and broadcasts its status.
    next.attached = true;
    next.log.appendInbound(frame('a'), 'socket');
    next.log.appendInbound(frame('b'), 'socket');
    next.hub.broadcast({ type: 'status', status: status('open') });
    await until(() => eventIds(store).length === 2, 'merged after restore');
    expect(eventIds(store)).toEqual(['a', 'b']);
    expect(store.active.value!.removed.value).toBe(false);
  });

  it('attaches again, on request, to a conversation the restarted SW does not hold', async () => {
    const { store, sw, clock, restartSw } = setup();
    await until(() => store.link.state.value === 'live');
    sw().log.appendInbound(frame('a'), 'socket');
    await store.attach(target);
    await until(() => store.active.value?.status.value !== undefined);
    const next = restartSw('E2', [], false);
    await until(() => store.link.state.value === 'reconnecting');
    clock.advance(1_000);
    await until(() => store.active.value?.removed.value === true, 'removed');
    next.log.appendInbound(frame('a'), 'socket');
    next.log.appendInbound(frame('b'), 'socket');
    await store.reattach(KEY);
    expect(next.commands.find((c) => c.name === 'attach')).toMatchObject({ name: 'attach', target });
    await until(() => eventIds(store).length === 2, 'merged after reattach');
    expect(eventIds(store)).toEqual(['a', 'b']);
    expect(store.active.value!.removed.value).toBe(false);
  });

  it('a send still pending when the SW restarts says untracked after the merge, not pending for good', async () => {
    const { store, sw, clock, restartSw } = setup();
    await until(() => store.link.state.value === 'live');
    await store.attach(target);
    const sent = sw().log.appendOutbound(frame('mine'), { via: 'socket', status: 'pending' });
    sw().log.appendInbound(frame('a'), 'socket');
    await until(() => eventIds(store).length === 2, 'shown');
    restartSw('E2', ['a']);
    await until(() => store.link.state.value === 'reconnecting');
    clock.advance(1_000);
    await until(() => store.link.state.value === 'live', 'live again');
    await until(() => store.active.value?.snapshotLoading.value === false, 'merged');
    const held = store.active.value!.source.records.find((r) => r.seq === sent.seq);
    expect(held?.outgoing).toEqual({ via: 'socket', status: 'untracked' });
  });

  it('keeps its count of older records the SW dropped across a restart: the new log starts after them', async () => {
    const { store, sw, clock, restartSw } = setup({ swMaxRecords: 3 });
    await until(() => store.link.state.value === 'live');
    for (const id of ['a', 'b', 'c', 'd', 'e']) sw().log.appendInbound(frame(id), 'socket');
    await store.attach(target);
    await until(() => eventIds(store).length === 3, 'the SW keeps the newest 3');
    expect(eventIds(store)).toEqual(['c', 'd', 'e']);
    expect(store.active.value!.source.droppedBefore.value).toBe(2);

    restartSw('E2', ['d', 'e', 'f']);
    await until(() => store.link.state.value === 'reconnecting');
    clock.advance(1_000);
    await until(() => eventIds(store).length === 4, 'merged');
    expect(eventIds(store)).toEqual(['c', 'd', 'e', 'f']);
    // a and b are still what precedes c; the new log's own count (0) says nothing about them.
    expect(store.active.value!.source.droppedBefore.value).toBe(2);
  });
});

