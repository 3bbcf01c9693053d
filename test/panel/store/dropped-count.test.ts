// "N older records dropped" against the real port hub and event log: it counts records older
// than the panel's first, never ones the panel shows, however often the panel re-subscribes.
import { describe, expect, it } from 'vitest';
import { KEY, barrier, eventIds, frame, setup, until } from './harness';

const target = { serverUrl: 'http://127.0.0.1:1', conversationId: 'demo', protocol: 'v1-events' as const };

/** The port drops (same SW, same epoch) and the link subscribes again with lastSeq/firstSeq. */
async function resubscribe({ store, sw, clock }: ReturnType<typeof setup>): Promise<void> {
  sw().swEnd?.disconnect();
  await until(() => store.link.state.value === 'reconnecting');
  clock.advance(1_000);
  await until(() => store.link.state.value === 'live');
  await barrier(store);
}

describe('the count of older records dropped', () => {
  it('leaves out records the SW evicted after the panel got them', async () => {
    const harness = setup();
    const { store, sw } = harness;
    await until(() => store.link.state.value === 'live');
    await store.attach(target);
    for (let i = 1; i <= 10; i++) sw().log.appendInbound(frame(`e${i}`, { raw: 'x'.repeat(1_000) }), 'socket');
    await until(() => eventIds(store).length === 10);
    // The SW's byte cap (256 MB by default; tiny here) evicts its oldest; the panel keeps them.
    (sw().log as unknown as { limits: { maxBytes: number } }).limits.maxBytes = 5_500;
    sw().log.appendInbound(frame('e11', { raw: 'x'.repeat(1_000) }), 'socket');
    await until(() => eventIds(store).length === 11);
    expect(sw().log.counters().dropped).toBeGreaterThan(0);

    await resubscribe(harness);

    const conversation = store.conversations.value.find((c) => c.key === KEY)!;
    expect(eventIds(store)[0]).toBe('e1');
    expect(conversation.source.droppedBefore.value).toBe(0);
  });

  it('counts older history the panel cap refused once, however often the panel re-subscribes', async () => {
    const harness = setup({ recordCap: 5 });
    const { store, sw } = harness;
    await until(() => store.link.state.value === 'live');
    for (const id of ['e6', 'e7', 'e8', 'e9', 'e10']) sw().log.appendInbound(frame(id), 'rest');
    await store.attach(target);
    await until(() => eventIds(store).length === 5);
    sw().log.prependHistory(['e1', 'e2', 'e3', 'e4', 'e5'].map((id) => frame(id)));
    await barrier(store);
    const conversation = store.conversations.value.find((c) => c.key === KEY)!;
    expect(conversation.source.droppedBefore.value).toBe(5);

    for (let round = 1; round <= 3; round++) await resubscribe(harness);

    expect(eventIds(store)).toEqual(['e6', 'e7', 'e8', 'e9', 'e10']);
    expect(conversation.source.droppedBefore.value).toBe(5);
  });
});
