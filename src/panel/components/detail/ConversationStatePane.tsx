import type { ConversationState } from '../../../shared/conversation-state';

export interface ConversationStatePaneProps {
  /** State derived up to the selected position (see deriveState). */
  state: ConversationState;
  /** Selects a pending action by event id. */
  onSelectEvent?: (eventId: string) => void;
}

/** Status, cost, tokens, pending actions, errors, title and last user message. */
export function ConversationStatePane({ state, onSelectEvent }: ConversationStatePaneProps) {
  const pending = Object.keys(state.pendingActions);
  return (
    <section class="conversation-state" aria-label="Conversation state">
      <dl>
        <dt>Status</dt><dd>{state.executionStatus ?? 'unknown'}</dd>
        {state.title && <><dt>Title</dt><dd>{state.title}</dd></>}
        <dt>Cost</dt><dd>${state.cost.toFixed(4)}</dd>
        <dt>Tokens</dt><dd>{state.promptTokens} in / {state.completionTokens} out</dd>
        {state.lastUserMessage !== undefined && <><dt>Last user message</dt><dd>{state.lastUserMessage}</dd></>}
      </dl>
      <h4>Pending actions ({pending.length})</h4>
      <ul>{pending.map((id) => <li key={id}><button type="button" onClick={() => onSelectEvent?.(id)}>{id}</button></li>)}</ul>
      {state.errorCount > 0 && <h4>Errors ({state.errorCount})</h4>}
      {state.errorCount > state.errors.length && (
        <p class="state-errors-older">{state.errorCount - state.errors.length} older errors are not kept here; the connection timeline lists more.</p>
      )}
      {state.errors.length > 0 && (
        <ul class="state-errors" aria-label="Errors">
          {state.errors.map((e) => <li key={e.seq}>{e.origin}: {e.message}</li>)}
        </ul>
      )}
    </section>
  );
}
