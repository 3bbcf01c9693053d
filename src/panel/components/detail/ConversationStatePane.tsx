import type { ConversationState } from '../../../shared/conversation-state';

export interface ConversationStatePaneProps {
  /** State derived up to the selected position (see deriveState). */
  state: ConversationState;
  /** Selects a pending action by event id. */
  onSelectEvent?: (eventId: string) => void;
}

/**
 * How many pending actions the pane lists, newest first: a conversation can leave thousands
 * unanswered, and a button for each made the pane the slowest thing in the panel.
 */
export const PENDING_ACTIONS_LISTED = 50;

/** The newest `limit` ids of the pending map, newest first. */
function newestPending(pending: ReadonlyMap<string, string | undefined>, limit: number): string[] {
  const ids: string[] = [];
  let skip = pending.size - limit;
  for (const id of pending.keys()) if (skip-- <= 0) ids.push(id);
  return ids.reverse();
}

/** Status, cost, tokens, pending actions, errors, title and last user message. */
export function ConversationStatePane({ state, onSelectEvent }: ConversationStatePaneProps) {
  const pendingCount = state.pendingActions.size;
  const listed = newestPending(state.pendingActions, PENDING_ACTIONS_LISTED);
  return (
    <section class="conversation-state" aria-label="Conversation state">
      <dl>
        <dt>Status</dt><dd>{state.executionStatus ?? 'unknown'}</dd>
        {state.title && <><dt>Title</dt><dd>{state.title}</dd></>}
        <dt>Cost</dt><dd>${state.cost.toFixed(4)}</dd>
        <dt>Tokens</dt><dd>{state.promptTokens} in / {state.completionTokens} out</dd>
        {state.lastUserMessage !== undefined && <><dt>Last user message</dt><dd>{state.lastUserMessage}</dd></>}
      </dl>
      <h4>Pending actions ({pendingCount})</h4>
      <ul class="pending-actions">{listed.map((id) => <li key={id}><button type="button" onClick={() => onSelectEvent?.(id)}>{id}</button></li>)}</ul>
      {pendingCount > listed.length && (
        <p class="pending-actions-more">and {pendingCount - listed.length} more (older ones not listed)</p>
      )}
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
