import { describe, expect, it } from 'vitest';
import { DEFAULT_V0_JOIN_SETTLE_MS, recoverV0JoinGap, V0JoinGapWatch } from '../../../src/background/resume/v0-join-gap';
import { decodeFrame } from '../../../src/shared/protocol/decode-frame';
import { FakeClock } from '../../fakes/fake-clock';
import { RecordingSink } from './harness';

const event = (id: number) => decodeFrame('v0-socketio', JSON.stringify({ id, source: 'agent', message: `m${id}`, action: 'message', args: { content: `m${id}` } }));

describe('V0JoinGapWatch', () => {
  // Timed from the open, a replay longer than the settle time used the one check of the open up
  // on one of its own frames, and the real join gap after it was never looked at.
  it('checks at the first frame after a quiet spell, not at a replay frame that came late', () => {
    const clock = new FakeClock();
    const checks: Array<[number, number]> = [];
    const watch = new V0JoinGapWatch(clock, (after, below) => checks.push([after, below]));
    watch.opened(-1);
    for (let id = 0; id < 900; id++) { watch.received(event(id)); clock.advance(3); } // a 2.7 s replay
    expect(checks).toEqual([]);
    clock.advance(DEFAULT_V0_JOIN_SETTLE_MS);
    watch.received(event(901)); // 900 was stored during the join and never sent
    expect(checks).toEqual([[-1, 901]]);
    clock.advance(DEFAULT_V0_JOIN_SETTLE_MS);
    watch.received(event(902));
    expect(checks).toHaveLength(1); // once per open
  });
});

/** A V0 event REST over ids 0..count-1 (end_id inclusive, newest first), counting its requests. */
function v0Rest(count: number) {
  const endIds: Array<number | undefined> = [];
  return {
    endIds,
    v0EventsNewestFirst: async (_id: string, { endId, limit }: { endId?: number; limit: number }) => {
      endIds.push(endId);
      const ids: number[] = [];
      for (let id = Math.min(endId ?? count - 1, count - 1); id >= 0 && ids.length <= limit; id--) ids.push(id);
      const page = ids.slice(0, limit);
      return { ids: page, raws: page.map((id) => event(id).raw), hasMore: ids.length > limit };
    },
  };
}

/** Holds the ids given, as the log does after the replay and the first live frame. */
class HoldingSink extends RecordingSink {
  constructor(private readonly held: Set<string>) { super(); }
  override hasEventId(id: string): boolean {
    return this.held.has(id);
  }
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('recoverV0JoinGap', () => {
  // Only the newest page was read: of 250 events stored during the join, the 150 older ones
  // were never compared with the log and stayed missing.
  it('pages back past 100 events until it reaches one the log holds', async () => {
    const rest = v0Rest(351); // 0–99 replayed, 100–349 stored during the join, 350 live
    const sink = new HoldingSink(new Set([...range(0, 100), 350].map(String)));
    expect(await recoverV0JoinGap(rest, 'c', sink, -1, 350)).toBe(250);
    expect(sink.inbound.map((f) => f.serverSeq)).toEqual(range(100, 350));
    expect(rest.endIds).toEqual([349, 249, 149]); // the third page holds the replay's end: no further
    expect(sink.metas.map((m) => m.type === 'note' && m.message)).toEqual([expect.stringMatching(/^250 events the socket did not bring/)]);
  });

  it('stops at the page cap and says which ids it did not check', async () => {
    const rest = v0Rest(351);
    const sink = new HoldingSink(new Set([...range(0, 100), 350].map(String)));
    expect(await recoverV0JoinGap(rest, 'c', sink, -1, 350, 2)).toBe(200);
    expect(sink.inbound.map((f) => f.serverSeq)).toEqual(range(150, 350));
    expect(rest.endIds).toEqual([349, 249]);
    expect(sink.metas.map((m) => m.type === 'note' && m.message)).toEqual([
      expect.stringMatching(/^200 events the socket did not bring/),
      expect.stringMatching(/stopped after 2 REST pages .* ids 0–149 were not checked/),
    ]);
  });
});
