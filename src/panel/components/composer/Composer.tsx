import { useEffect, useState } from 'preact/hooks';
import type { SocketState } from '../../../shared/connection';
import type { Generation } from '../../../shared/protocol/generation';
import type { ValidationIssue } from '../../../shared/record';
import { awaitsEcho, buildFrame } from '../../composer/build-frame';
import { createComposerState, type ComposerState, type RefusedSend, type SendOutcome } from '../../composer/composer-state';
import { emptyDraft, MODE_LABELS, modesFor, type ComposerDraft } from '../../composer/draft';
import { recordSend, summarizeDraft, type HistoryEntry } from '../../composer/history';
import type { TemplateStorage } from '../../composer/templates';
import { ConversationControls } from './ConversationControls';
import { ImageAttachments } from './ImageAttachments';
import { SendHistoryList } from './SendHistoryList';
import { TemplatePicker } from './TemplatePicker';
import type { CommandResult, ComposerActions, RestSendResult } from './types';

export interface ComposerProps extends ComposerActions {
  /** The generation in use (after `auto` resolved); undefined until known. */
  protocol: Generation | undefined;
  /** The conversation socket's state; sending over the socket needs `open`. */
  socketState: SocketState | undefined;
  /** "Send again": a draft to load (a new object each time). */
  prefill?: ComposerDraft | undefined;
  /** The conversation's composer state, kept across remounts (default: this mount's own). */
  state?: ComposerState;
  templateStorage?: TemplateStorage;
  /** Set when there is nothing to send to (an imported recording): the composer says so. */
  disabledReason?: string | undefined;
  now?: () => number;
}

/** A JSON-looking placeholder per mode, so the expected shape is visible before typing. */
const PLACEHOLDERS = {
  message: 'Message to the agent…',
  raw: '{"role": "user", "content": [{"type": "text", "text": "…"}]}',
  'v0-action': '{"action": "message", "args": {"content": "…"}}',
};

/** Send a user message, a raw client frame or an oh_user_action; validated first, never queued silently. */
export function Composer(props: ComposerProps) {
  const now = props.now ?? Date.now;
  const modes = modesFor(props.protocol);
  const [ownState] = useState(createComposerState);
  const state = props.state ?? ownState;
  const draft = state.draft.value;
  const offline = state.offline.value;
  const busy = state.busy.value;
  const setDraft = (next: ComposerDraft) => { state.draft.value = next; };
  const [issues, setIssues] = useState<ValidationIssue[]>([]);

  useEffect(() => {
    if (props.prefill) { setDraft(props.prefill); setIssues([]); state.outcome.value = undefined; state.offline.value = undefined; }
  }, [props.prefill]);
  // A draft in a mode this generation does not take is shown, and refused with the reason on send.
  const mode = draft.mode;

  const remember = (entry: Omit<HistoryEntry, 'at'>) => { state.history.value = recordSend(state.history.peek(), { ...entry, at: now() }); };

  /**
   * Records what was sent (`sent`, the draft it was built from) and clears the editor, unless
   * it was edited meanwhile: the edited text was not sent, and stays.
   */
  const finish = (via: 'socket' | 'rest', sent: ComposerDraft, echoed: boolean, result: CommandResult | RestSendResult) => {
    const unanswered = result.ok && 'unanswered' in result ? result.unanswered : undefined;
    remember({ draft: sent, via, summary: summarizeDraft(sent), ...(result.ok ? {} : { error: result.error }), ...(unanswered ? { unanswered } : {}) });
    state.outcome.value = !result.ok ? { kind: 'error', text: result.error } : unanswered ? { kind: 'unanswered', text: unanswered } : { kind: 'sent', via, awaitsEcho: echoed };
    if (result.ok && state.draft.peek() === sent) setDraft(emptyDraft(sent.mode));
  };

  const submit = async () => {
    // Ctrl+Enter does not go through the disabled Send button: one send at a time here too.
    if (state.busy.peek()) return;
    state.outcome.value = undefined;
    const built = buildFrame(draft, props.protocol);
    if (!built.ok) { setIssues(built.issues); return; }
    setIssues([]);
    if (props.socketState !== 'open') { state.offline.value = { message: built.message, draft }; return; }
    state.busy.value = true;
    finish('socket', draft, awaitsEcho(built.frame), await props.send(built.frame));
    state.busy.value = false;
  };

  const sendOverRest = async (refused: RefusedSend) => {
    state.busy.value = true;
    finish('rest', refused.draft, awaitsEcho({ as: 'json', value: refused.message }), await props.sendRest(refused.message, state.runAfterRest.peek()));
    state.busy.value = false;
    state.offline.value = undefined;
  };

  if (props.disabledReason) {
    return <section class="composer" aria-label="Composer" data-disabled="true"><p class="notice">{props.disabledReason}</p></section>;
  }

  return (
    <section class="composer" aria-label="Composer" data-socket-state={props.socketState ?? 'none'}>
      <div class="composer-modes" role="radiogroup" aria-label="What to send">
        {modes.map((m) => (
          <label key={m}><input type="radio" name="composer-mode" value={m} checked={mode === m} onChange={() => { setDraft({ ...draft, mode: m }); setIssues([]); }} /> {MODE_LABELS[m]}</label>
        ))}
      </div>
      <TemplatePicker draft={draft} onPick={(d) => { setDraft(d); setIssues([]); }} storage={props.templateStorage} />
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <textarea name="composer-text" rows={mode === 'message' ? 3 : 8} placeholder={PLACEHOLDERS[mode]} value={draft.text} aria-invalid={issues.length > 0}
          onInput={(e) => setDraft({ ...draft, text: (e.currentTarget as HTMLTextAreaElement).value })}
          onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); void submit(); } }} />
        {mode === 'message' && <ImageAttachments images={draft.images} onChange={(images) => setDraft({ ...draft, images })} />}
        {issues.length > 0 && (
          <ul class="composer-issues field-error" role="alert" data-testid="composer-issues">
            {issues.map((issue, i) => <li key={i}><code>{issue.path}</code> {issue.message}</li>)}
          </ul>
        )}
        <button type="submit" name="send" disabled={busy}>Send</button>
      </form>
      {offline && (
        <div class="composer-offline" role="alert" data-testid="composer-offline">
          <p>The socket is {props.socketState ?? 'not connected'}: nothing was sent, and nothing is queued.</p>
          {offline.message !== undefined && props.protocol !== 'v0-socketio' ? (
            <>
              <label><input type="checkbox" name="rest-run" checked={state.runAfterRest.value} onChange={(e) => { state.runAfterRest.value = (e.currentTarget as HTMLInputElement).checked; }} /> start the agent (run)</label>
              <button type="button" name="send-rest" disabled={busy} onClick={() => void sendOverRest(offline)}>Send over REST (POST /events)</button>
            </>
          ) : <p>There is no REST route for this frame; reconnect and send again.</p>}
          <button type="button" onClick={() => { state.offline.value = undefined; }}>Cancel</button>
        </div>
      )}
      {state.outcome.value && <OutcomeLine outcome={state.outcome.value} />}
      <ConversationControls control={props.control} disabled={busy}
        onDone={(action, result) => remember({ draft: emptyDraft(), via: 'control', summary: action, ...(result.ok ? {} : { error: result.error }) })} />
      <SendHistoryList history={state.history.value} onLoad={(d) => { setDraft(d); setIssues([]); }} />
    </section>
  );
}

function OutcomeLine({ outcome }: { outcome: SendOutcome }) {
  if (outcome.kind === 'error') return <p class="field-error" role="alert" data-testid="composer-outcome">Not sent: {outcome.text}</p>;
  if (outcome.kind === 'unanswered') {
    return (
      <p class="composer-unanswered" role="alert" data-testid="composer-outcome" data-outcome="unanswered">
        No answer from the server ({outcome.text}): the message may have been delivered. Watch the log for its echo before sending it again.
      </p>
    );
  }
  return (
    <p class="notice" role="status" data-testid="composer-outcome">
      Sent over {outcome.via === 'rest' ? 'REST' : 'the socket'}; {outcome.awaitsEcho ? 'the log marks it pending until the server echoes it.' : 'nothing echoes this frame, so the log marks it sent.'}
    </p>
  );
}
