import type { NewEvent } from './store';

/** Builders for §2 event drafts (id and timestamp are added by the store). */

export const text = (value: string) => ({ cache_prompt: false, type: 'text', text: value });

export function userMessage(textValue: string, parentId?: string): NewEvent {
  return {
    kind: 'MessageEvent', source: 'user', parent_id: parentId,
    llm_message: { role: 'user', content: [text(textValue)], thinking_blocks: [] },
    activated_skills: [], extended_content: [],
  };
}

export function agentMessage(textValue: string, responseId: string, parentId?: string): NewEvent {
  return {
    kind: 'MessageEvent', source: 'agent', parent_id: parentId,
    llm_message: { role: 'assistant', content: [text(textValue)], thinking_blocks: [] },
    llm_response_id: responseId, activated_skills: [], extended_content: [],
  };
}

export interface ToolCall {
  toolName: string;
  callId: string;
  action: Record<string, unknown> & { kind: string };
  arguments: Record<string, unknown>;
  thought?: string;
  responseId: string;
  risk?: 'UNKNOWN' | 'LOW' | 'MEDIUM' | 'HIGH';
}

export function action(call: ToolCall, parentId?: string): NewEvent {
  return {
    kind: 'ActionEvent', source: 'agent', parent_id: parentId,
    thought: call.thought ? [text(call.thought)] : [], thinking_blocks: [],
    action: call.action, tool_name: call.toolName, tool_call_id: call.callId,
    tool_call: { id: call.callId, name: call.toolName, arguments: JSON.stringify(call.arguments), origin: 'completion' },
    llm_response_id: call.responseId, security_risk: call.risk ?? 'LOW',
  };
}

export function observation(
  call: Pick<ToolCall, 'toolName' | 'callId'>, actionId: string,
  body: Record<string, unknown> & { kind: string; content: unknown[] },
): NewEvent {
  return {
    kind: 'ObservationEvent', source: 'environment', parent_id: actionId,
    tool_name: call.toolName, tool_call_id: call.callId, action_id: actionId,
    observation: { is_error: false, ...body }, extended_content: [],
  };
}

export function stateUpdate(key: string, value: unknown): NewEvent {
  return { kind: 'ConversationStateUpdateEvent', source: 'environment', key, value };
}

export function terminalMetadata(exitCode: number) {
  return {
    exit_code: exitCode, pid: 4121, username: 'openhands', hostname: 'sandbox-7f3c',
    working_dir: '/workspace/project', py_interpreter_path: '/usr/bin/python3',
    prefix: '', suffix: `\n[The command completed with exit code ${exitCode}.]`,
  };
}

export function statsValue(promptTokens: number, completionTokens: number, responseId: string) {
  const model = 'anthropic/claude-sonnet-4';
  return {
    usage_to_metrics: {
      agent: {
        model_name: model,
        accumulated_cost: Number(((promptTokens * 3 + completionTokens * 15) / 1_000_000).toFixed(4)),
        accumulated_token_usage: {
          model, prompt_tokens: promptTokens, completion_tokens: completionTokens,
          cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0,
          context_window: 200_000, per_turn_token: promptTokens + completionTokens, response_id: responseId,
        },
      },
    },
  };
}
