export interface ConversationListItem {
  id: string;
  title?: string;
  status?: string;
  /** ISO timestamp of the last update. */
  updatedAt?: string;
}

export interface ConversationPickerProps {
  /** Conversations to choose from (title, status, updated time). */
  conversations: ConversationListItem[];
  /** Called with the chosen conversation id. */
  onPick: (conversationId: string) => void;
}

/** A list of conversations; clicking one picks it. */
export function ConversationPicker({ conversations, onPick }: ConversationPickerProps) {
  if (conversations.length === 0) return <p class="picker-empty">No conversations on this server.</p>;
  return (
    <ul class="conversation-picker" aria-label="Conversations">
      {conversations.map((c) => (
        <li key={c.id}>
          <button type="button" onClick={() => onPick(c.id)}>
            <span class="picker-title">{c.title ?? c.id}</span>
            {c.status && <span class="picker-status">{c.status}</span>}
            {c.updatedAt && <time dateTime={c.updatedAt}>{c.updatedAt}</time>}
          </button>
        </li>
      ))}
    </ul>
  );
}
