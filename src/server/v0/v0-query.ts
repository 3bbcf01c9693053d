/** What the V0 `connect` handler reads from the handshake query (§5.2), once. */
export interface V0Query {
  conversationId: string | null;
  /** -1 when absent or not an integer (the server's int() fallback). */
  latestEventId: number;
  /** null when the parameter is absent; the real client sends the literal "null" when it has no key. */
  sessionApiKey: string | null;
}

type QueryValue = string | string[] | undefined;

const first = (value: QueryValue): string | null => (Array.isArray(value) ? value[0] ?? null : value ?? null);

export function readV0Query(query: Record<string, QueryValue>): V0Query {
  const rawLatest = first(query['latest_event_id']);
  const latest = rawLatest !== null && /^\s*[-+]?\d+\s*$/.test(rawLatest) ? Number.parseInt(rawLatest, 10) : -1;
  const conversationId = first(query['conversation_id']);
  return { conversationId: conversationId === '' ? null : conversationId, latestEventId: latest, sessionApiKey: first(query['session_api_key']) };
}

/** The refusal texts of the real `connect` handler (§5.2, §5.3); they reach the client as `connect_error`. */
export const V0_REFUSALS = {
  noConversationId: 'No conversation_id in query params',
  invalidKey: 'invalid_session_api_key',
  unknownConversation: (id: string) => `Failed to access conversation events: Conversation not found: ${id}`,
} as const;
