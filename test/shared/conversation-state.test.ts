import { describe, expect, it } from 'vitest';
import { deriveState, emptyState, reduceState } from '../../src/shared/conversation-state';
import type { LogRecord } from '../../src/shared/record';

function rec(seq: number, event: unknown, extra: Partial<LogRecord> = {}): LogRecord {
  const raw = typeof event === 'string' ? event : JSON.stringify(event);
  return {
    seq, conversationKey: 'k', direction: 'in', receivedAt: seq, protocol: 'v1-events', validity: 'ok',
    raw, rawEncoding: 'text', size: raw.length, frameType: 'event', category: 'other', summary: '', ...extra,
  } as LogRecord;
}

const stats = (usage: string, cost: number) => ({
  kind: 'ConversationStateUpdateEvent', key: 'stats',
  value: { usage_to_metrics: { [usage]: { accumulated_cost: cost, accumulated_token_usage: { prompt_tokens: 10, completion_tokens: 2 } } } },
});

const EXAMPLES: unknown[] = [
  { kind: 'ConversationStateUpdateEvent', key: 'full_state', value: { execution_status: 'idle', title: 'T' } },
  { kind: 'ConversationStateUpdateEvent', key: 'execution_status', value: 'running' },
  stats('agent', 0.5), stats('condenser', 0.25),
  { kind: 'ActionEvent', id: 'a1', tool_call_id: 'c1' },
  { kind: 'ActionEvent', id: 'a2', tool_call_id: 'c2' },
  { kind: 'ObservationEvent', id: 'o1', action_id: 'a1', tool_call_id: 'c1' },
  { kind: 'UserRejectObservation', id: 'o2', action_id: 'a2' },
  { kind: 'AgentErrorEvent', id: 'e1', tool_call_id: 'c2', error: 'boom' },
  { kind: 'ConversationErrorEvent', id: 'e2', code: 'X', detail: 'bad' },
  { kind: 'MessageEvent', source: 'user', llm_message: { role: 'user', content: [{ type: 'text', text: 'hi' }] } },
  { id: 3, observation: 'agent_state_changed', extras: { agent_state: 'awaiting_user_input' } },
  { kind: 'ServerErrorEvent', source: 'environment', code: 'ValueError', detail: 'bad frame' },
  '{not json',
];

describe('conversation state', () => {
  it('derives status, cost summed across usage ids, pending actions, errors and last user message', () => {
    const records = [
      EXAMPLES[0], EXAMPLES[1], stats('agent', 0.5), stats('condenser', 0.25), stats('agent', 1),
      EXAMPLES[4], EXAMPLES[5], EXAMPLES[6], EXAMPLES[9], EXAMPLES[10], EXAMPLES[13],
    ].map((e, i) => rec(i, e));
    const state = deriveState(records);
    expect(state.executionStatus).toBe('running');
    expect(state.title).toBe('T');
    expect(state.cost).toBeCloseTo(1.25);
    expect(state.promptTokens).toBe(20);
    expect(Object.keys(state.pendingActions)).toEqual(['a2']);
    expect(state.errors).toEqual([{ origin: 'conversation', message: 'bad', seq: 8 }]);
    expect(state.lastUserMessage).toBe('hi');
    expect(deriveState(records, 1).executionStatus).toBe('running');
    expect(deriveState(records, 0).executionStatus).toBe('idle');
  });

  it('answers an action by tool_call_id from an AgentErrorEvent and reads V0 agent state', () => {
    const state = deriveState([rec(0, EXAMPLES[5]), rec(1, EXAMPLES[8]), rec(2, EXAMPLES[11])]);
    expect(state.pendingActions).toEqual({});
    expect(state.errors[0]?.message).toBe('boom');
    expect(state.executionStatus).toBe('awaiting_user_input');
  });

  it('records server errors from ServerErrorEvent and session error envelopes', () => {
    const state = deriveState([
      rec(0, EXAMPLES[12]),
      rec(1, { type: 'error', code: 'frame_too_large', detail: 'too big' }, { frameType: 'error', protocol: 'v1-session' }),
    ]);
    expect(state.errors.map((e) => [e.origin, e.message])).toEqual([['server', 'bad frame'], ['server', 'too big']]);
  });

  it('property: folding incrementally equals deriving from each prefix', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let run = 0; run < 50; run++) {
      const records = Array.from({ length: 40 }, (_, i) => rec(i, EXAMPLES[Math.floor(random() * EXAMPLES.length)]));
      let state = emptyState();
      records.forEach((r, i) => {
        state = reduceState(state, r);
        expect(state).toEqual(deriveState(records, i));
      });
    }
  });
});
