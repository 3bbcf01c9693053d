// Detach, then attach the same conversation again at once (the bench does it between samples;
// a person can with the attach form): the SW's new connection starts a new log under the same
// key, and the panel must show that log, not records the old one still had queued.
import { describe, expect, it } from 'vitest';
import { KEY, eventIds, frame, setup, status, until } from './harness';

const target = { serverUrl: 'http://127.0.0.1:1', conversationId: 'demo', protocol: 'v1-events' as const };

describe('detach and attach again at once', () => {
  it('shows the new connection\'s records, none the old log had queued for the panel', async () => {
    // The SW's real batching: the first record after a quiet spell goes at once, the rest of
    // 16 ms waits for a timer.
    const { store, sw, clock } = setup({ flushDelayMs: 16 });
    await until(() => store.link.state.value === 'live', 'live');
    await store.attach(target);
    await until(() => store.active.value?.snapshotLoading.value === false, 'subscribed');
    sw().log.appendInbound(frame('old-1'), 'socket'); // the first after a quiet spell: at once
    await until(() => eventIds(store).includes('old-1'), 'old-1 shown');
    sw().log.appendInbound(frame('old-2'), 'socket'); // waits for the outbox's timer

    // The new connection holds records before the panel subscribes to it (the newest history
    // page of a large conversation comes about 25 ms after attach).
    sw().onNewLog = (log) => { for (const id of ['new-1', 'new-2', 'new-3']) log.appendInbound(frame(id), 'rest'); };
    await store.detach(KEY);
    await store.attach(target);
    // The old outbox's timer fires after the panel made the new conversation and before the SW
    // answered its subscribe. It used to post old-2, under a seq the new log also uses, and the
    // panel then skipped the snapshot's records up to it: it showed old-2 and new-3.
    clock.advance(16);
    await until(() => store.active.value?.snapshotLoading.value === false && eventIds(store).length > 0, 'snapshot of the new log');
    expect(eventIds(store)).toEqual(['new-1', 'new-2', 'new-3']);

    sw().log.appendInbound(frame('new-4'), 'socket');
    clock.advance(16);
    await until(() => eventIds(store).length === 4, 'live again');
    expect(eventIds(store)).toEqual(['new-1', 'new-2', 'new-3', 'new-4']);
  });

  it('a status the SW sent before it took the detach does not bring the conversation back', async () => {
    const { store, sw } = setup();
    await until(() => store.link.state.value === 'live', 'live');
    await store.attach(target);
    sw().log.appendInbound(frame('a'), 'socket');
    await until(() => eventIds(store).length === 1, 'a shown');
    const detached = store.detach(KEY);
    // Crosses our detach on the port: sent before the SW took it, received after we let go.
    sw().hub.broadcast({ type: 'status', status: status('open') });
    await detached;
    expect(store.conversations.value.map((c) => c.key)).toEqual([]);
    expect(sw().commands.map((c) => c.name)).toEqual(['listConnections', 'attach', 'subscribe', 'detach']);

    // And a later status is followed as before (another panel attached it).
    sw().onNewLog = (log) => log.appendInbound(frame('b'), 'socket');
    sw().attach();
    sw().hub.broadcast({ type: 'status', status: status('open') });
    await until(() => eventIds(store).length === 1, 'followed again');
    expect(eventIds(store)).toEqual(['b']);
  });

  it('a conversation the SW removed (another panel detached it) takes the new log whole when attached again', async () => {
    const { store, sw } = setup();
    await until(() => store.link.state.value === 'live', 'live');
    await store.attach(target);
    for (const id of ['a', 'b', 'c']) sw().log.appendInbound(frame(id), 'socket');
    await until(() => eventIds(store).length === 3, 'a b c shown');
    sw().detach();
    await until(() => store.active.value?.removed.value === true, 'removed');

    // The new connection's log numbers from the start again: a large conversation's newest
    // page first, so its seqs 1..3 are other events than the old log's.
    sw().onNewLog = (log) => { for (const id of ['x', 'y', 'z', 'w']) log.appendInbound(frame(id), 'rest'); };
    await store.attach(target);
    await until(() => eventIds(store).length >= 7, 'the new log merged');
    // Kept what was shown, and every record of the new log (before: only w, past the old last seq).
    expect(eventIds(store)).toEqual(['a', 'b', 'c', 'x', 'y', 'z', 'w']);
    expect(store.active.value!.removed.value).toBe(false);
  });

  it('a snapshot the SW sent before it took the detach does not bring the conversation back', async () => {
    const { store, sw } = setup();
    await until(() => store.link.state.value === 'live', 'live');
    sw().attach();
    sw().log.appendInbound(frame('a'), 'socket');
    await store.attach(target); // its subscribe is on the way
    await store.detach(KEY); // right behind it; the answer comes after the snapshot
    expect(store.conversations.value.map((c) => c.key)).toEqual([]);
  });
});
