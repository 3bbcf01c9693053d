import type { Conversation, NewEvent } from './store';

/** The `full_state` snapshot pushed on subscribe and after every run (not persisted). */
export function fullStateEvent(conversation: Conversation): NewEvent {
  const lastUser = [...conversation.events].reverse().find((e) => e.kind === 'MessageEvent' && e.source === 'user');
  return {
    kind: 'ConversationStateUpdateEvent', source: 'environment', key: 'full_state',
    value: {
      id: conversation.id,
      execution_status: conversation.executionStatus,
      max_iterations: 500,
      stuck_detection: true,
      activated_knowledge_skills: [],
      invoked_skills: [],
      blocked_actions: {},
      blocked_messages: {},
      last_user_message_id: lastUser?.id,
      stats: { usage_to_metrics: {} },
      tags: {},
      agent_state: {},
      agent: { kind: 'Agent', llm: { model: 'anthropic/claude-sonnet-4', api_key: '**********' } },
      workspace: { kind: 'LocalWorkspace', working_dir: '/workspace/project' },
    },
  };
}
