// Detach, then attach the same conversation again at once (the bench does it between samples;
// a person can with the attach form): the SW's new connection starts a new log under the same
// key, and the panel must show that log, not records the old one still had queued.
import { describe, expect, it } from 'vitest';
import { KEY, eventIds, frame, setup, until } from './harness';

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
});
