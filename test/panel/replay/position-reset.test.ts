import { describe, expect, it } from 'vitest';
import { ReplayController } from '../../../src/panel/replay';
import { Conversation } from '../../../src/panel/store/conversation';
import { deriveState } from '../../../src/shared/conversation-state';
import { FakeClock } from '../../fakes/fake-clock';
import { recordsAt } from './records';

/** A conversation replaying, with the position wired as ConversationReplayBar wires it (store.setReplayPosition's body). */
function playing() {
  const conversation = new Conversation('k', { type: 'live' });
  conversation.admit(recordsAt([0, 100, 200, 300, 400], 1));
  const position = {
    get value() { return conversation.replaySeq.value; },
    set value(seq: number | null) { conversation.replaySeq.value = seq; if (seq !== null) conversation.selectedSeq.value = seq; },
  };
  const clock = new FakeClock();
  const replay = new ReplayController(conversation.source, clock, position);
  replay.play();
  clock.advance(150); // showing seq 2; the timer for seq 3 is pending
  return { conversation, clock, replay };
}

describe('replay playing when the store moves the position', () => {
  it('Clear log: stays live as new records arrive, rather than pinning a seq that no longer exists', () => {
    const { conversation, clock, replay } = playing();
    expect(conversation.replaySeq.value).toBe(2);
    conversation.logCleared(); // the store puts the position back to live
    clock.advance(100); // the timer for seq 3 fires
    conversation.admit(recordsAt([1000, 1100, 1200], 6)); // the SW's seqs continue after a clear
    expect({ playing: replay.playing.value, live: replay.isLive, replaySeq: conversation.replaySeq.value, selected: conversation.selectedSeq.value })
      .toEqual({ playing: false, live: true, replaySeq: null, selected: null });
    expect(conversation.state.value).toEqual(deriveState(conversation.source.records));
    expect(clock.pending()).toBe(0);
  });

  it('keeps playing when only the controller moves the position', () => {
    const { conversation, clock, replay } = playing();
    clock.advance(1_000);
    expect({ playing: replay.playing.value, replaySeq: conversation.replaySeq.value }).toEqual({ playing: false, replaySeq: 5 });
  });
});
