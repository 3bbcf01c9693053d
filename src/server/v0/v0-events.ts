import type { V0Draft } from './v0-log';

/** Builders for V0 event drafts as `event_to_dict` shapes them (§5.5); the log adds id and timestamp. */

export type V0AgentState =
  | 'loading' | 'init' | 'running' | 'awaiting_user_input' | 'paused' | 'stopped' | 'finished' | 'rejected'
  | 'error' | 'rate_limited' | 'awaiting_user_confirmation' | 'user_confirmed' | 'user_rejected';

export function v0Metrics(promptTokens: number, completionTokens: number, responseId: string) {
  const cost = Number(((promptTokens * 3 + completionTokens * 15) / 1_000_000).toFixed(4));
  const usage = { model: 'anthropic/claude-sonnet-4', prompt_tokens: promptTokens, completion_tokens: completionTokens,
    cache_read_tokens: 0, cache_write_tokens: 0, context_window: 200_000, per_turn_token: promptTokens + completionTokens, response_id: responseId };
  return { accumulated_cost: cost, max_budget_per_task: null, accumulated_token_usage: usage,
    costs: [{ model: usage.model, cost, timestamp: Date.now() / 1000 }], response_latencies: [{ model: usage.model, latency: 1.42, response_id: responseId }],
    token_usages: [usage] };
}

export function toolCallMetadata(functionName: string, toolCallId: string, responseId: string, args: Record<string, unknown>) {
  return {
    function_name: functionName, tool_call_id: toolCallId, total_calls_in_response: 1,
    model_response: { id: responseId, model: 'anthropic/claude-sonnet-4', object: 'chat.completion',
      choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null,
        tool_calls: [{ id: toolCallId, type: 'function', function: { name: functionName, arguments: JSON.stringify(args) } }] } }] },
  };
}

export function v0UserMessage(content: string, imageUrls: string[] = [], fileUrls: string[] = []): V0Draft {
  return { source: 'user', message: content, action: 'message',
    args: { content, file_urls: fileUrls, image_urls: imageUrls, wait_for_response: false, security_risk: -1 } };
}

export function v0AgentMessage(content: string, metrics?: ReturnType<typeof v0Metrics>): V0Draft {
  return { source: 'agent', message: content, action: 'message',
    args: { content, file_urls: null, image_urls: null, wait_for_response: true, security_risk: -1 },
    ...(metrics ? { llm_metrics: metrics } : {}) };
}

export function v0System(): V0Draft {
  const content = 'You are OpenHands agent, a helpful AI assistant that can interact with a computer to solve tasks.';
  return { source: 'agent', message: content, action: 'system',
    args: { content, tools: [{ type: 'function', function: { name: 'execute_bash' } }, { type: 'function', function: { name: 'str_replace_editor' } }],
      openhands_version: '0.59.0', agent_class: 'CodeActAgent' } };
}

export function v0Recall(query: string): V0Draft {
  return { source: 'user', message: `Retrieving content for: ${query.slice(0, 50)}`, action: 'recall',
    args: { recall_type: 'workspace_context', query, thought: '' } };
}

export function v0RecallObservation(cause: number): V0Draft {
  return { source: 'environment', message: 'Added workspace context', cause, observation: 'recall', content: 'Added workspace context',
    extras: { recall_type: 'workspace_context', repo_name: 'acme/api', repo_directory: '/workspace/api', repo_instructions: '',
      runtime_hosts: { 'http://localhost:51234': 51234 }, additional_agent_instructions: '', date: '2025-11-03',
      custom_secrets_descriptions: {}, conversation_instructions: '', working_dir: '/workspace', microagent_knowledge: [] } };
}

export function v0StateChanged(state: V0AgentState, reason = ''): V0Draft {
  return { source: 'environment', message: '', observation: 'agent_state_changed', content: '', extras: { agent_state: state, reason } };
}

export function v0NullObservation(cause: number): V0Draft {
  return { source: 'environment', message: 'No observation', cause, observation: 'null', content: '', extras: {} };
}

export function v0NullAction(): V0Draft {
  return { source: 'agent', message: 'No action', action: 'null', args: {} };
}

export interface V0ToolStep {
  toolCallId: string;
  responseId: string;
  metrics?: ReturnType<typeof v0Metrics>;
}

export function v0Think(thought: string, step: V0ToolStep): V0Draft {
  return { source: 'agent', message: `I am thinking...: ${thought}`, action: 'think', args: { thought },
    tool_call_metadata: toolCallMetadata('think', step.toolCallId, step.responseId, { thought }), ...withMetrics(step) };
}

export function v0ThinkObservation(cause: number): V0Draft {
  return { source: 'agent', message: 'Your thought has been logged.', cause, observation: 'think', content: 'Your thought has been logged.', extras: {} };
}

export function v0Run(command: string, thought: string, step: V0ToolStep): V0Draft {
  return { source: 'agent', message: `Running command: ${command}`, action: 'run',
    args: { command, is_input: false, thought, blocking: false, is_static: false, cwd: null, hidden: false, confirmation_state: 'confirmed', security_risk: -1 },
    timeout: 120, tool_call_metadata: toolCallMetadata('execute_bash', step.toolCallId, step.responseId, { command }), ...withMetrics(step) };
}

export function v0RunObservation(cause: number, command: string, output: string, exitCode: number): V0Draft {
  return { source: 'environment', message: `Command \`${command}\` executed with exit code ${exitCode}.`, cause, observation: 'run', content: output,
    extras: { command, metadata: { exit_code: exitCode, pid: 211, username: 'openhands', hostname: 'rt', working_dir: '/workspace',
      py_interpreter_path: '/usr/bin/python', prefix: '', suffix: `\n[The command completed with exit code ${exitCode}.]` }, hidden: false },
    success: exitCode === 0 };
}

export function v0Edit(path: string, oldStr: string, newStr: string, step: V0ToolStep): V0Draft {
  return { source: 'agent', message: `Editing file: ${path}`, action: 'edit',
    args: { path, command: 'str_replace', file_text: null, old_str: oldStr, new_str: newStr, insert_line: null, content: '', start: 1, end: -1,
      thought: '', security_risk: -1, impl_source: 'oh_aci' },
    tool_call_metadata: toolCallMetadata('str_replace_editor', step.toolCallId, step.responseId, { command: 'str_replace', path }), ...withMetrics(step) };
}

export function v0EditObservation(cause: number, path: string, oldContent: string, newContent: string): V0Draft {
  return { source: 'agent', message: `I edited the file ${path}.`, cause, observation: 'edit', content: `The file ${path} has been edited.`,
    extras: { path, prev_exist: true, old_content: oldContent, new_content: newContent, impl_source: 'oh_aci', diff: null } };
}

export function v0Mcp(name: string, args: Record<string, unknown>, step: V0ToolStep): V0Draft {
  return { source: 'agent', message: `**MCPAction**\nNAME: ${name}\nARGUMENTS: ${JSON.stringify(args)}`, action: 'call_tool_mcp',
    args: { name, arguments: args, thought: '' }, tool_call_metadata: toolCallMetadata(name, step.toolCallId, step.responseId, args), ...withMetrics(step) };
}

export function v0McpObservation(cause: number, name: string, args: Record<string, unknown>, result: string): V0Draft {
  return { source: 'environment', message: result, cause, observation: 'mcp', content: result, extras: { name, arguments: args } };
}

export function v0BrowseObservation(cause: number, url: string, screenshotBase64: string): V0Draft {
  return { source: 'environment', message: `Visited ${url}`, cause, observation: 'browse', content: `Navigated to ${url}`,
    extras: { url, trigger_by_action: 'browse_interactive', screenshot: `data:image/png;base64,${screenshotBase64}`, set_of_marks: '',
      goal_image_urls: [], open_pages_urls: [url], active_page_index: 0, dom_object: {}, axtree_object: {}, extra_element_properties: {},
      last_browser_action: 'goto', last_browser_action_error: '', focused_element_bid: '', filter_visible_only: false, error: false } };
}

export function v0Browse(url: string, step: V0ToolStep): V0Draft {
  return { source: 'agent', message: `Interactive browsing: goto("${url}")`, action: 'browse_interactive',
    args: { browser_actions: `goto("${url}")`, thought: '', browsergym_send_msg_to_user: '', return_axtree: false, security_risk: -1 },
    tool_call_metadata: toolCallMetadata('browser', step.toolCallId, step.responseId, { code: `goto("${url}")` }), ...withMetrics(step) };
}

export function v0ErrorObservation(content: string, cause?: number): V0Draft {
  return { source: 'environment', message: content, ...(cause !== undefined ? { cause } : {}), observation: 'error', content, extras: { error_id: '' } };
}

export function v0Finish(finalThought: string, step: V0ToolStep): V0Draft {
  return { source: 'agent', message: finalThought, action: 'finish', args: { final_thought: finalThought, outputs: {}, thought: '' },
    tool_call_metadata: toolCallMetadata('finish', step.toolCallId, step.responseId, { message: finalThought }), ...withMetrics(step) };
}

const withMetrics = (step: V0ToolStep) => (step.metrics ? { llm_metrics: step.metrics } : {});
