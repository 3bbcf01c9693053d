import type { ServerContext } from './context';
import type { Conversation } from './store';

/** ConversationInfo (§3.1) as the agent server returns it. */
export function conversationInfo(conversation: Conversation): Record<string, unknown> {
  return {
    id: conversation.id, title: conversation.title, execution_status: conversation.executionStatus,
    created_at: conversation.createdAt, updated_at: conversation.updatedAt,
    agent: { kind: 'Agent', llm: { model: 'anthropic/claude-sonnet-4', api_key: '**********' } },
    workspace: { kind: 'LocalWorkspace', working_dir: '/workspace/project' },
    stats: { usage_to_metrics: {} }, tags: {},
    parent_conversation_id: conversation.parentConversationId ?? undefined,
    sub_conversation_ids: conversation.subConversationIds,
    confirmation_policy: { kind: 'NeverConfirm' },
    leaf_event_id: conversation.events.at(-1)?.id,
  };
}

/** AppConversation (§3.2): what the app server tells a client about where to connect. */
export function appConversation(ctx: ServerContext, conversation: Conversation): Record<string, unknown> {
  return {
    id: conversation.id, title: conversation.title,
    conversation_url: `${ctx.origin()}${ctx.pathPrefix}/api/conversations/${conversation.id}`,
    session_api_key: ctx.sessionApiKeys[0] ?? null,
    sandbox_status: conversation.sandboxStatus,
    execution_status: conversation.executionStatus,
    sub_conversation_ids: conversation.subConversationIds,
    llm_model: 'anthropic/claude-sonnet-4', created_at: conversation.createdAt, updated_at: conversation.updatedAt,
  };
}
