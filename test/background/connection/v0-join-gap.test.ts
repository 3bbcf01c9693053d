import { describe, expect, it } from 'vitest';
import { DEFAULT_V0_JOIN_SETTLE_MS, V0JoinGapWatch } from '../../../src/background/resume/v0-join-gap';
import { decodeFrame } from '../../../src/shared/protocol/decode-frame';
import { FakeClock } from '../../fakes/fake-clock';

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
