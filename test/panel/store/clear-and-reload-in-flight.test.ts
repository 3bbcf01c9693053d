// Commands that reset what the panel holds (clear, reload) while the SW's earlier messages are
// still on their way: those messages belong to what was reset and must not come back.
import { describe, expect, it } from 'vitest';
import { KEY, barrier, eventIds, frame, setup, until } from './harness';

const target = { serverUrl: 'http://127.0.0.1:1', conversationId: 'demo', protocol: 'v1-events' as const };

describe('clear and reload with messages in flight', () => {
  it('records the outbox still had queued do not come back after clearLog', async () => {
    const { store, sw, clock } = setup({ flushDelayMs: 16 });
    await until(() => store.link.state.value === 'live', 'live');
    await store.attach(target);
    await until(() => store.active.value?.snapshotLoading.value === false, 'subscribed');
    sw().log.appendInbound(frame('a'), 'socket');
    await until(() => eventIds(store).includes('a'), 'a shown');
    sw().log.appendInbound(frame('b'), 'socket'); // waits for the 16 ms timer
    await store.clearLog(KEY);
    clock.advance(16);
    await barrier(store);
    // Before: ['b'], a record the SW no longer holds (its detail failed with "no longer held").
    expect(sw().log.counters().records).toBe(0);
    expect(eventIds(store)).toEqual([]);

    sw().log.appendInbound(frame('c'), 'socket');
    clock.advance(16);
    await until(() => eventIds(store).length === 1, 'c shown');
    expect(eventIds(store)).toEqual(['c']);
  });
});
