import { useEffect, useMemo } from 'preact/hooks';
import type { Conversation } from '../../store/conversation';
import { ReplayController, type ReplayTimer } from '../../replay/controller';
import { ReplayBar } from './ReplayBar';

const pageTimer: ReplayTimer = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as number),
};

export interface ConversationReplayBarProps {
  conversation: Conversation;
  /** The store action that moves the position and makes the selection follow it. */
  setPosition(key: string, seq: number | null): void;
  timer?: ReplayTimer;
}

/** Time travel over one conversation, live or imported; one controller per conversation. */
export function ConversationReplayBar({ conversation, setPosition, timer = pageTimer }: ConversationReplayBarProps) {
  const replay = useMemo(() => {
    const key = conversation.key;
    const position = {
      get value() { return conversation.replaySeq.value; },
      set value(seq: number | null) { setPosition(key, seq); },
    };
    return new ReplayController(conversation.source, timer, position);
  }, [conversation, timer]);
  useEffect(() => () => replay.dispose(), [replay]);
  return <ReplayBar replay={replay} version={conversation.source.version} />;
}
