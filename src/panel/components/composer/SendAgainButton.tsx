import { useState } from 'preact/hooks';
import { sendAgainFromRecord, sendAgainNeedsFullRecord, type SendAgain } from '../../composer/prefill';
import { imagesLeftOutNote } from '../../composer/image-urls';
import type { ComposerDraft } from '../../composer/draft';
import type { Conversation } from '../../store/conversation';
import { usePerFrame } from '../per-frame';

export interface SendAgainButtonProps {
  conversation: Conversation;
  /** Fetches the full record behind a listing into the conversation (the store's loadFullRecord). */
  loadFullRecord?: (key: string, seq: number) => Promise<void>;
  onDraft(draft: ComposerDraft): void;
}

/**
 * "Send again #n": the selected user message or outgoing frame into the composer. A record the
 * port carried as a 4 KB preview (a long prompt, a message with an image) is fetched whole
 * first; the button says so. It used to stay disabled for those.
 */
export function SendAgainButton({ conversation, loadFullRecord, onDraft }: SendAgainButtonProps) {
  const [loading, setLoading] = useState<number | undefined>();
  const [failure, setFailure] = useState<{ seq: number; text: string } | undefined>();
  const [leftOut, setLeftOut] = useState<{ seq: number; text: string } | undefined>();
  // The selected record may change in place; re-checked on the follower schedule, not per batch.
  usePerFrame(conversation.source.version);
  const selectedSeq = conversation.selectedSeq.value;
  const selected = selectedSeq === null ? undefined : conversation.source.get(selectedSeq);
  const again = selected && sendAgainFromRecord(selected);
  const use = (seq: number, sendAgain: SendAgain) => {
    const note = imagesLeftOutNote(sendAgain.imagesLeftOut);
    setLeftOut(note === undefined ? undefined : { seq, text: note });
    onDraft({ ...sendAgain.draft });
  };
  const fetchFirst = again === undefined && selected !== undefined && loadFullRecord !== undefined && sendAgainNeedsFullRecord(selected);

  const loadAndSend = async (seq: number, load: NonNullable<typeof loadFullRecord>) => {
    setLoading(seq);
    setFailure(undefined);
    try {
      await load(conversation.key, seq);
      const full = conversation.source.get(seq);
      const fullAgain = full && sendAgainFromRecord(full);
      if (fullAgain === undefined) throw new Error('the full frame did not come');
      use(seq, fullAgain);
    } catch (error) {
      setFailure({ seq, text: error instanceof Error ? error.message : String(error) });
    } finally {
      setLoading(undefined);
    }
  };

  const label = loading !== undefined ? `Loading #${loading}…`
    : again && selected ? `Send again #${selected.seq}`
    : fetchFirst && selected ? `Send again #${selected.seq} (loads the full frame)`
    : 'Send again (select a user message or sent frame)';
  return (
    <>
      <button type="button" name="send-again" disabled={loading !== undefined || !(again || fetchFirst)} title="Put the selected user message or outgoing frame into the composer"
        onClick={() => {
          if (again && selected) use(selected.seq, again);
          else if (fetchFirst && selected && loadFullRecord) void loadAndSend(selected.seq, loadFullRecord);
        }}>
        {label}
      </button>
      {leftOut && leftOut.seq === selectedSeq && <p class="field-note" role="status">Send again #{leftOut.seq}: {leftOut.text}</p>}
      {failure && failure.seq === selectedSeq && <p class="field-error" role="alert">Send again #{failure.seq}: could not load the full frame: {failure.text}</p>}
    </>
  );
}
