/** Sent by the agent server but never stored (protocol §1.5, §2.2), besides `full_state` snapshots. */
const NEVER_STORED_KINDS: ReadonlySet<string> = new Set(['StreamingDeltaEvent', 'ServerErrorEvent', 'CondensationSummaryEvent']);

/**
 * Whether the agent server stores an event of this kind (with this state `key`): one it does not
 * store never shows in REST search, `/events/count` or a replay. The extension's held-event tally
 * and the replay server both decide by it.
 */
export function storedByServer(kind: string | undefined, stateKey: unknown): boolean {
  if (kind === 'ConversationStateUpdateEvent' && stateKey === 'full_state') return false;
  return !NEVER_STORED_KINDS.has(kind ?? '');
}
