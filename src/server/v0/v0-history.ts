import { demoScreenshotPng } from '../demo-png';
import {
  v0AgentMessage, v0Browse, v0BrowseObservation, v0Edit, v0EditObservation, v0ErrorObservation, v0Finish, v0Mcp, v0McpObservation,
  v0Metrics, v0NullAction, v0NullObservation, v0Recall, v0RecallObservation, v0Run, v0RunObservation, v0StateChanged, v0System,
  v0Think, v0ThinkObservation, v0UserMessage,
} from './v0-events';
import type { V0Draft, V0Event } from './v0-log';

const ESC = '\u001b';
const pytestOutput = `${ESC}[1m==== test session starts ====${ESC}[0m\ntests/test_api.py ${ESC}[31mF${ESC}[0m${ESC}[32m.${ESC}[0m\n` +
  `${ESC}[31m1 failed${ESC}[0m, ${ESC}[32m1 passed${ESC}[0m in 0.41s`;

/**
 * A realistic V0 session, including what the replay must hide (§5.3): a RecallAction, a
 * NullAction, a NullObservation, and several AgentStateChanged observations of which only the
 * last is replayed.
 */
export function seedV0DemoHistory(append: (draft: V0Draft) => V0Event): void {
  append(v0System());
  append(v0UserMessage('Make tests/test_api.py pass'));
  const recall = append(v0Recall('Make tests/test_api.py pass'));
  append(v0StateChanged('running'));
  append(v0RecallObservation(recall.id));
  const step = (n: number, prompt: number) => ({ toolCallId: `toolu_0${n}`, responseId: `chatcmpl-v0${n}`, metrics: v0Metrics(prompt, 40 * n, `chatcmpl-v0${n}`) });
  const think = append(v0Think('The create endpoint probably returns the wrong status code.', step(1, 5200)));
  append(v0ThinkObservation(think.id));
  const run = append(v0Run('pytest -q tests/test_api.py', 'Let me run the failing test first.', step(2, 6100)));
  append(v0RunObservation(run.id, 'pytest -q tests/test_api.py', pytestOutput, 1));
  append(v0ErrorObservation('ERROR:\nInvalid `command` parameter: replace. Allowed values are: view, create, str_replace, insert, undo_edit'));
  const edit = append(v0Edit('/workspace/api/app/api.py', '    return jsonify(item), 200', '    return jsonify(item), 201', step(3, 7400)));
  append(v0EditObservation(edit.id, '/workspace/api/app/api.py', 'def create():\n    return jsonify(item), 200\n', 'def create():\n    return jsonify(item), 201\n'));
  const mcpArgs = { repo: 'acme/api', state: 'open' };
  const mcp = append(v0Mcp('list_pull_requests', mcpArgs, step(4, 8100)));
  append(v0McpObservation(mcp.id, 'list_pull_requests', mcpArgs, '[{"number": 12, "title": "Fix pagination"}]'));
  append(v0NullAction());
  const browse = append(v0Browse('http://localhost:5173', step(5, 9000)));
  append(v0BrowseObservation(browse.id, 'http://localhost:5173', demoScreenshotPng));
  append(v0NullObservation(browse.id));
  append(v0Finish('Done — the handler now returns 201.', step(6, 9900)));
  append(v0AgentMessage('Done — the handler now returns 201.'));
  append(v0StateChanged('awaiting_user_input'));
}
