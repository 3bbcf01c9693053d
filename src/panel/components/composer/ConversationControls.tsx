import { useState } from 'preact/hooks';
import type { CommandResult, ControlAction } from './types';

const CONTROLS: { action: ControlAction; label: string; question: string }[] = [
  { action: 'run', label: 'Run', question: 'Start the agent loop (POST /run)?' },
  { action: 'pause', label: 'Pause', question: 'Pause the conversation after the current LLM call?' },
  { action: 'interrupt', label: 'Interrupt', question: 'Interrupt the conversation, cancelling the current LLM call?' },
  { action: 'accept', label: 'Accept action', question: 'Accept the pending action (respond_to_confirmation accept)?' },
  { action: 'reject', label: 'Reject action', question: 'Reject the pending action (respond_to_confirmation reject)?' },
];

export interface ConversationControlsProps {
  control(action: ControlAction, reason?: string): Promise<CommandResult>;
  disabled?: boolean;
  /** Called with what happened, for the send history. */
  onDone?(action: ControlAction, result: CommandResult): void;
}

/** Run / pause / interrupt / accept / reject, each behind an explicit confirmation: they change the conversation. */
export function ConversationControls(props: ConversationControlsProps) {
  const [asking, setAsking] = useState<ControlAction | undefined>();
  const [reason, setReason] = useState('User rejected the action.');
  const [outcome, setOutcome] = useState<{ action: ControlAction; result: CommandResult } | undefined>();
  const [busy, setBusy] = useState(false);
  const question = CONTROLS.find((c) => c.action === asking);

  const confirm = async (action: ControlAction) => {
    setBusy(true);
    const result = await props.control(action, action === 'reject' ? reason : undefined);
    setBusy(false);
    setAsking(undefined);
    setOutcome({ action, result });
    props.onDone?.(action, result);
  };

  return (
    <div class="conversation-controls" role="group" aria-label="Conversation controls">
      {CONTROLS.map((c) => (
        <button key={c.action} type="button" data-control={c.action} disabled={props.disabled || busy} onClick={() => { setAsking(c.action); setOutcome(undefined); }}>
          {c.label}
        </button>
      ))}
      {question && (
        <div class="confirm" role="alertdialog" aria-label={`Confirm ${question.label}`}>
          <p>{question.question}</p>
          {question.action === 'reject' && (
            <label>Reason <input name="reject-reason" value={reason} onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)} /></label>
          )}
          <button type="button" data-confirm={question.action} disabled={busy} onClick={() => void confirm(question.action)}>Confirm {question.label.toLowerCase()}</button>
          <button type="button" onClick={() => setAsking(undefined)}>Cancel</button>
        </div>
      )}
      {outcome && (
        <p class={outcome.result.ok ? 'control-ok' : 'control-error'} role={outcome.result.ok ? 'status' : 'alert'}>
          {outcome.result.ok ? `${outcome.action}: done` : `${outcome.action} failed: ${outcome.result.error}`}
        </p>
      )}
    </div>
  );
}
