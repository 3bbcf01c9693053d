/**
 * What the composer holds for one conversation: the draft, the send history, a send the closed
 * socket refused (waiting for the person to pick the REST route), the last outcome, and whether
 * a send is out. The composer is remounted when the sidebar switches conversations; held in the
 * component, all of it was lost by a look at another conversation and back. Each conversation
 * holds one (so they are as many as the conversations the panel holds), and a send still out
 * when the person looks away lands in the state of the conversation it was sent to.
 */
import { signal } from '@preact/signals';
import { emptyDraft, type ComposerDraft } from './draft';
import { emptyHistory } from './history';

/** A send refused because the socket was not open: what was built, from which draft (the REST route sends that). */
export interface RefusedSend {
  message: unknown;
  draft: ComposerDraft;
}

export type SendOutcome =
  /** `awaitsEcho`: a user message, marked pending in the log until its echo; other frames are just sent. */
  | { kind: 'sent'; via: 'socket' | 'rest'; awaitsEcho: boolean }
  /** It went out and no answer came: it may have been delivered (its echo in the log will tell). */
  | { kind: 'unanswered'; text: string }
  | { kind: 'error'; text: string };

export function createComposerState() {
  return {
    draft: signal<ComposerDraft>(emptyDraft()),
    history: signal(emptyHistory()),
    offline: signal<RefusedSend | undefined>(undefined),
    runAfterRest: signal(true),
    outcome: signal<SendOutcome | undefined>(undefined),
    /** A send is out: one at a time (read by key handlers before the next render too). */
    busy: signal(false),
  };
}

export type ComposerState = ReturnType<typeof createComposerState>;
