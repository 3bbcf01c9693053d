import { randomUUID } from 'node:crypto';
import type { Knobs } from '../options';
import type { ConversationStore } from '../store';
import { v0AgentMessage, v0Metrics, v0Run, v0RunObservation, v0StateChanged, type V0AgentState } from './v0-events';
import type { V0Event, V0EventLog } from './v0-log';

/** The demo agent's turn in V0 shapes; the DemoAgent runs it for conversations of generation v0. */
export interface V0Turns {
  /** Each yield is the delay before the next step. */
  turn(conversationId: string, message?: Record<string, unknown>): Generator<number, void>;
  /** Records that a running turn was stopped (stop / pause). */
  stopped(conversationId: string, state: V0AgentState): void;
}

export function createV0Turns(log: V0EventLog, store: ConversationStore, knobs: Knobs): V0Turns {
  const setState = (conversationId: string, state: V0AgentState): void => {
    const conversation = store.get(conversationId);
    if (conversation) conversation.executionStatus = state === 'running' ? 'running' : state === 'paused' || state === 'stopped' ? 'paused' : 'finished';
    log.append(conversationId, v0StateChanged(state));
  };
  const titled = new Set<string>();

  return {
    *turn(conversationId, message) {
      const step = knobs.agentStepMs;
      const asked = contentOf(message) || 'your request';
      setState(conversationId, 'running');
      if (!titled.has(conversationId)) {
        // Like the real server after the first message: a status update announcing the generated title.
        titled.add(conversationId);
        log.notify(conversationId, { status_update: true, type: 'info', id: 'STATUS$READY', message: 'Ready', conversation_title: asked.slice(0, 40) });
      }
      yield step;
      const responseId = `chatcmpl-${randomUUID().slice(0, 6)}`;
      const call = { toolCallId: `toolu_${randomUUID().slice(0, 8)}`, responseId, metrics: v0Metrics(3100, 120, responseId) };
      const run = log.append(conversationId, v0Run('ls -la', `Looking into: ${asked}`, call));
      yield step;
      log.append(conversationId, v0RunObservation(run.id, 'ls -la', 'total 8\n\u001b[34mapp\u001b[0m  \u001b[34mtests\u001b[0m  README.md', 0));
      yield step;
      log.append(conversationId, v0AgentMessage(`I looked at "${asked}". The workspace has app/, tests/ and a README.`, v0Metrics(3200, 140, responseId)));
      setState(conversationId, 'awaiting_user_input');
    },
    stopped(conversationId, state) {
      setState(conversationId, state);
    },
  };
}

function contentOf(message?: Record<string, unknown> | V0Event): string {
  const args = message?.['args'] as { content?: unknown } | undefined;
  return typeof args?.content === 'string' ? args.content.trim() : '';
}
