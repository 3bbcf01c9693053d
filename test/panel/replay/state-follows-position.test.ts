import { describe, expect, it } from 'vitest';
import { ReplayController } from '../../../src/panel/replay';
import { Conversation } from '../../../src/panel/store/conversation';
import { deriveState } from '../../../src/shared/conversation-state';
import { FakeClock } from '../../fakes/fake-clock';
import { recordsAt } from './records';

/** A small seeded generator so a failure reproduces. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('time travel: the derived state follows the replay position', () => {
  it('after any sequence of replay operations, the state equals the state of the same prefix (property)', () => {
    for (let run = 0; run < 25; run++) {
      const random = rng(run + 1);
      // The last run is long enough to cross the store's state checkpoints (every 1,024 records).
      const count = run === 24 ? 2_300 : 5 + Math.floor(random() * 80);
      const offsets = Array.from({ length: count }, (_, i) => i * 37 + Math.floor(random() * 30));
      const conversation = new Conversation('k', { type: 'imported', header: { title: 't' } });
      conversation.load(recordsAt(offsets));
      const records = conversation.source.records;
      const clock = new FakeClock();
      const replay = new ReplayController(conversation.source, clock, conversation.replaySeq);
      for (let op = 0; op < (run === 24 ? 12 : 40); op++) {
        const choice = Math.floor(random() * 7);
        if (choice === 0) replay.stepForward();
        else if (choice === 1) replay.stepBack();
        else if (choice === 2) replay.seek(Math.floor(random() * count));
        else if (choice === 3) { replay.play(); clock.advance(Math.floor(random() * 500)); }
        else if (choice === 4) replay.pause();
        else if (choice === 5) replay.setSpeed(random() < 0.5 ? { kind: 'fixed', stepMs: 200 } : { kind: 'original', factor: 2 });
        else replay.goLive();
        const index = replay.index;
        expect(conversation.state.value, `run ${run} op ${op} index ${index}`).toEqual(deriveState(records.slice(0, index + 1)));
      }
      replay.dispose();
    }
  });
});
