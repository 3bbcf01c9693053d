import { demoScreenshotPng } from './demo-png';
import {
  action, agentMessage, observation, stateUpdate, statsValue, terminalMetadata, text, userMessage,
} from './demo-events';
import type { ConversationStore, NewEvent } from './store';

const ESC = '\u001b';
const pytestOutput =
  `${ESC}[?2004l${ESC}[1m============ test session starts ============${ESC}[0m\n` +
  `tests/test_api.py ${ESC}[31mF${ESC}[0m${ESC}[32m.${ESC}[0m\n` +
  `${ESC}[31mFAILED${ESC}[0m tests/test_api.py::test_create - assert 200 == 201\n` +
  `${ESC}[31m1 failed${ESC}[0m, ${ESC}[32m1 passed${ESC}[0m in 0.41s\n${ESC}[?2004h`;

const systemPrompt: NewEvent = {
  kind: 'SystemPromptEvent', source: 'agent',
  system_prompt: text('You are OpenHands agent, a helpful AI assistant that can interact with a computer to solve tasks.'),
  tools: [
    { kind: 'TerminalTool', description: 'Execute a bash command in the terminal.', action_type: 'TerminalAction', observation_type: 'TerminalObservation' },
    { kind: 'FileEditorTool', description: 'Custom editing tool for viewing, creating and editing files.', action_type: 'FileEditorAction', observation_type: 'FileEditorObservation' },
    { kind: 'TaskTrackerTool', description: 'Track the plan of the task.', action_type: 'TaskTrackerAction', observation_type: 'TaskTrackerObservation' },
    { kind: 'FinishTool', description: 'Finish the interaction.', action_type: 'FinishAction', observation_type: 'FinishObservation' },
  ],
  dynamic_context: text('<RUNTIME_INFORMATION> working dir: /workspace/project </RUNTIME_INFORMATION>'),
};

/** Seeds a realistic V1 history with every §2.6 kind the devtools must render. */
export function seedDemoHistory(store: ConversationStore, conversationId: string): void {
  const add = (draft: NewEvent) => store.append(conversationId, draft);
  add(systemPrompt);
  const user = add(userMessage('Make tests/test_api.py pass'));
  add(stateUpdate('execution_status', 'running'));

  const think = { toolName: 'think', callId: 'call_Th1', responseId: 'chatcmpl-Bx8zA0',
    action: { kind: 'ThinkAction', thought: 'The create endpoint probably returns the wrong status code.' },
    arguments: { thought: 'The create endpoint probably returns the wrong status code.' } };
  const thinkEvent = add(action(think, user.id));
  add(observation(think, thinkEvent.id, { kind: 'ThinkObservation', content: [text('Your thought has been logged.')] }));

  const run = { toolName: 'terminal', callId: 'call_Qm2x7', responseId: 'chatcmpl-Bx8zP1', thought: 'Let me run the failing test first.',
    action: { kind: 'TerminalAction', command: 'pytest -q tests/test_api.py', is_input: false, reset: false },
    arguments: { command: 'pytest -q tests/test_api.py', security_risk: 'LOW' } };
  const runEvent = add(action(run, thinkEvent.id));
  add(observation(run, runEvent.id, { kind: 'TerminalObservation', content: [text(pytestOutput)],
    command: 'pytest -q tests/test_api.py', exit_code: 1, timeout: false, metadata: terminalMetadata(1) }));
  add(stateUpdate('stats', statsValue(6120, 188, 'chatcmpl-Bx8zP1')));

  const plan = { toolName: 'task_tracker', callId: 'call_Tt3', responseId: 'chatcmpl-Bx90qq', thought: 'Updating the plan.',
    action: { kind: 'TaskTrackerAction', command: 'plan', task_list: [
      { title: 'Reproduce failure', notes: '', status: 'done' },
      { title: 'Fix status code', notes: 'app/api.py', status: 'in_progress' }] },
    arguments: { command: 'plan' }, risk: 'UNKNOWN' as const };
  const planEvent = add(action(plan, runEvent.id));
  add(observation(plan, planEvent.id, { kind: 'TaskTrackerObservation', content: [text('Task list updated.')],
    command: 'plan', task_list: (plan.action.task_list) }));

  add({ kind: 'AgentErrorEvent', source: 'agent', tool_name: 'file_editor', tool_call_id: 'call_Zz9',
    error: "Error validating args {\"command\": \"replace\"} for tool 'file_editor': command must be one of view, create, str_replace, insert, undo_edit",
    classification: { kind: 'agent_action', retryable: true, user_action: 'retry' } });

  const edit = { toolName: 'file_editor', callId: 'call_Ht81c', responseId: 'chatcmpl-Bx90aZ', risk: 'UNKNOWN' as const,
    action: { kind: 'FileEditorAction', command: 'str_replace', path: '/workspace/project/app/api.py',
      old_str: '    return jsonify(item), 200', new_str: '    return jsonify(item), 201' },
    arguments: { command: 'str_replace', path: '/workspace/project/app/api.py' } };
  const editEvent = add(action(edit, planEvent.id));
  add(observation(edit, editEvent.id, { kind: 'FileEditorObservation', content: [text('The file /workspace/project/app/api.py has been edited.')],
    command: 'str_replace', path: '/workspace/project/app/api.py', prev_exist: true,
    old_content: 'def create():\n    return jsonify(item), 200\n', new_content: 'def create():\n    return jsonify(item), 201\n' }));

  const mcp = { toolName: 'list_pull_requests', callId: 'call_Mc1', responseId: 'chatcmpl-Bx90zz',
    action: { kind: 'MCPToolAction', data: { repo: 'acme/api', state: 'open' } }, arguments: { repo: 'acme/api', state: 'open' } };
  const mcpEvent = add(action(mcp, editEvent.id));
  add(observation(mcp, mcpEvent.id, { kind: 'MCPToolObservation', tool_name: 'list_pull_requests',
    content: [text("[Tool 'list_pull_requests' executed.]"), text('[{"number": 12, "title": "Fix pagination"}]')] }));

  const browse = { toolName: 'browser_navigate', callId: 'call_Br2', responseId: 'chatcmpl-Bx91b2',
    action: { kind: 'BrowserNavigateAction', url: 'http://localhost:5173', new_tab: false }, arguments: { url: 'http://localhost:5173' } };
  const browseEvent = add(action(browse, mcpEvent.id));
  add(observation(browse, browseEvent.id, { kind: 'BrowserObservation', content: [text('Navigated to http://localhost:5173')],
    screenshot_data: demoScreenshotPng }));

  const finish = { toolName: 'finish', callId: 'call_Fn1', responseId: 'chatcmpl-Bx91kq',
    action: { kind: 'FinishAction', message: 'Done — the handler now returns 201.' }, arguments: { message: 'Done' } };
  const finishEvent = add(action(finish, browseEvent.id));
  add(observation(finish, finishEvent.id, { kind: 'FinishObservation', content: [text('Done — the handler now returns 201.')] }));
  add(agentMessage('Done — the handler now returns 201.', 'chatcmpl-Bx91kq', finishEvent.id));
  add(stateUpdate('stats', statsValue(14210, 902, 'chatcmpl-Bx91kq')));
  add(stateUpdate('execution_status', 'finished'));
}

/** The planning sub-conversation listed in the demo's sub_conversation_ids. */
export function seedPlanningHistory(store: ConversationStore, conversationId: string): void {
  store.append(conversationId, userMessage('Plan the fix for tests/test_api.py'));
  const plan = { toolName: 'planning_file_editor', callId: 'call_Pl1', responseId: 'chatcmpl-Pl01',
    action: { kind: 'PlanningFileEditorAction', command: 'create', path: '/workspace/project/PLAN.md', file_text: '1. Reproduce\n2. Fix\n' },
    arguments: { command: 'create', path: '/workspace/project/PLAN.md' } };
  const planEvent = store.append(conversationId, action(plan));
  store.append(conversationId, observation(plan, planEvent.id, { kind: 'PlanningFileEditorObservation',
    content: [text('File created successfully at: /workspace/project/PLAN.md')], command: 'create',
    path: '/workspace/project/PLAN.md', prev_exist: false, new_content: '1. Reproduce\n2. Fix\n' }));
  store.append(conversationId, stateUpdate('execution_status', 'finished'));
}
