// Commands that reset what the panel holds (clear, reload) while the SW's earlier messages are
// still on their way: those messages belong to what was reset and must not come back.
import { describe, expect, it } from 'vitest';
import { KEY, barrier, eventIds, frame, setup, until } from './harness';

const target = { serverUrl: 'http://127.0.0.1:1', conversationId: 'demo', protocol: 'v1-events' as const };

/**
 * A log of 4,500 records (more than one 2,000-record snapshot chunk), and `onFirstChunk` run
 * once the panel has applied the first chunk of the snapshot that follows its attach.
 */
async function attachWithChunkedSnapshot(fixture: ReturnType<typeof setup>, onFirstChunk: () => void): Promise<{ reloaded: () => boolean }> {
  const { store, sw } = fixture;
  await until(() => store.link.state.value === 'live', 'live');
  sw().attach();
  for (let i = 1; i <= 4_500; i += 1) sw().log.appendInbound(frame(`e${i}`), 'socket');
  const receive = store.receive.bind(store);
  let done = false;
  store.receive = (message) => {
    receive(message);
    if (done || message.type !== 'snapshot' || message.done) return;
    done = true;
    onFirstChunk();
  };
  await store.attach(target);
  return { reloaded: () => done };
}

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

  it('reloading the log while a snapshot streams in chunks ends with the whole log', async () => {
    const fixture = setup();
    const { store } = fixture;
    // The person presses "reload log" after the first chunk.
    const { reloaded } = await attachWithChunkedSnapshot(fixture, () => store.reloadFromSw(KEY));
    await until(() => reloaded() && store.active.value?.snapshotLoading.value === false, 'loaded');
    await barrier(store);
    // Before: 2,500. The old stream's later chunks set the position past the fresh snapshot's first 2,000.
    expect(store.active.value!.source.records.length).toBe(4_500);
    expect(eventIds(store).slice(0, 2)).toEqual(['e1', 'e2']);
  });

  it('older history the SW loads after a clear reaches the panel', async () => {
    const { store, sw } = setup();
    await until(() => store.link.state.value === 'live', 'live');
    await store.attach(target);
    for (const id of ['e1', 'e2', 'e3']) sw().log.appendInbound(frame(id), 'socket');
    await until(() => eventIds(store).length === 3, 'shown');
    await store.clearLog(KEY);
    await until(() => eventIds(store).length === 0, 'cleared');
    // A newest-first history load still running: the emptied log numbers it below its next seq.
    sw().log.prependHistory([frame('older-1'), frame('older-2')]);
    sw().log.appendInbound(frame('e4'), 'socket');
    await barrier(store);
    expect(sw().log.since(-Infinity).map((r) => `${r.eventId}@${r.seq}`)).toEqual(['older-1@2', 'older-2@3', 'e4@4']);
    // Before: ['e4']; the SW held two records the panel never showed.
    expect(eventIds(store)).toEqual(['older-1', 'older-2', 'e4']);
  });

  it('reloading while a snapshot streams, then an SW restart: the new SW\'s snapshot is taken', async () => {
    const fixture = setup();
    const { store, clock, restartSw } = fixture;
    await attachWithChunkedSnapshot(fixture, () => {
      store.reloadFromSw(KEY);
      // The SW stops before the rest of that stream: it never comes, on this port or the next.
      restartSw('E2', ['e1', 'e2', 'e3']);
    });
    await until(() => store.link.state.value === 'reconnecting', 'reconnecting');
    clock.advance(1_000);
    await until(() => store.link.state.value === 'live', 'live again');
    await until(() => eventIds(store).length === 3, 'the restarted SW\'s snapshot');
    expect(eventIds(store)).toEqual(['e1', 'e2', 'e3']);
  });
});
