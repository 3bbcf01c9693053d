import { describe, expect, it, vi } from 'vitest';
import { STATE_ERRORS_KEPT, deriveState, emptyState, mayChangeState, reduceState } from '../../src/shared/conversation-state';
import { SESSION_EXAMPLES, V0_EXAMPLES, V0_USER_ACTIONS, V1_EXAMPLES } from '../fixtures/protocol/examples';
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
    expect([...state.pendingActions.keys()]).toEqual(['a2']);
    expect(state.errors).toEqual([{ origin: 'conversation', message: 'bad', seq: 8 }]);
    expect(state.lastUserMessage).toBe('hi');
    expect(deriveState(records, 1).executionStatus).toBe('running');
    expect(deriveState(records, 0).executionStatus).toBe('idle');
  });

  it('answers an action by tool_call_id from an AgentErrorEvent and reads V0 agent state', () => {
    const state = deriveState([rec(0, EXAMPLES[5]), rec(1, EXAMPLES[8]), rec(2, EXAMPLES[11])]);
    expect(state.pendingActions.size).toBe(0);
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

  // A state with something to answer, so observations and errors have an effect to check.
  const busy = () => deriveState([EXAMPLES[0], EXAMPLES[4], EXAMPLES[5], EXAMPLES[6], EXAMPLES[9], { kind: 'ActionEvent', id: 'x', tool_call_id: 'toolu_01' }]
    .map((e, i) => rec(i, e)));
  const FRAMES: Array<[string, string, Partial<LogRecord>]> = [
    ...Object.entries(V1_EXAMPLES).map(([name, raw]): [string, string, Partial<LogRecord>] => [name, raw, {}]),
    ...Object.entries(SESSION_EXAMPLES).map(([name, raw]): [string, string, Partial<LogRecord>] =>
      [`session ${name}`, raw, { protocol: 'v1-session', frameType: name === 'error' ? 'error' : 'event' }]),
    ...Object.entries({ ...V0_EXAMPLES, ...V0_USER_ACTIONS }).map(([name, raw]): [string, string, Partial<LogRecord>] =>
      [`V0 ${name}`, raw, { protocol: 'v0-socketio' }]),
    ...EXAMPLES.filter((e) => typeof e !== 'string').map((e, i): [string, string, Partial<LogRecord>] => [`example ${i}`, JSON.stringify(e), {}]),
  ];

  it('skipping the parse of frames without folded text gives the state a full parse gives, on every example frame', () => {
    let skipped = 0;
    for (const [name, raw, extra] of FRAMES) {
      // A `\u` escape in an extra field forces the parse; no reducer reads the field.
      const padded = raw.replace(/\}\s*$/, ',"_pad":"\\u0020"}');
      expect(padded, name).not.toBe(raw);
      if (!mayChangeState(raw)) skipped += 1;
      expect(reduceState(busy(), rec(99, raw, extra)), name).toEqual(reduceState(busy(), rec(99, padded, extra)));
    }
    expect(skipped).toBeGreaterThan(3);
  });

  it('does not parse a frame that cannot change the state, and keeps the same state object', () => {
    const state = busy();
    const parse = vi.spyOn(JSON, 'parse');
    const system = rec(50, { kind: 'SystemPromptEvent', id: 's', source: 'agent', system_prompt: { type: 'text', text: 'You are helpful' } });
    expect(reduceState(state, system)).toBe(state);
    expect(reduceState(state, rec(51, SESSION_EXAMPLES.sync, { protocol: 'v1-session' }))).toBe(state);
    expect(parse).not.toHaveBeenCalled();
    parse.mockRestore();
  });

  it('still folds kinds spelled with \\u escapes', () => {
    const state = deriveState([
      rec(0, '{"kind":"\\u0041ctionEvent","id":"a9","tool_call_id":"c9"}'),
      rec(1, '{"observation":"agent_state_ch\\u0061nged","extras":{"agent_state":"paused"}}'),
    ]);
    expect(state.pendingActions).toEqual(new Map([["a9", "c9"]]));
    expect(state.executionStatus).toBe('paused');
  });

  it('an answer that matches no pending action keeps the same state object (no copy per observation)', () => {
    const state = busy();
    expect([...state.pendingActions.keys()]).toEqual(['a2', 'x']);
    expect(reduceState(state, rec(60, { kind: 'ObservationEvent', id: 'o', action_id: 'nope', tool_call_id: 'none' }))).toBe(state);
    expect(reduceState(state, rec(61, { kind: 'ObservationEvent', id: 'o', action_id: 'nope' }))).toBe(state);
    const answered = reduceState(state, rec(62, { kind: 'ObservationEvent', id: 'o', action_id: 'a2' }));
    expect([...answered.pendingActions.keys()]).toEqual(['x']);
    expect([...state.pendingActions.keys()]).toEqual(['a2', 'x']);
  });

  it('a big observation cut to a port preview still answers its action (from the fields the SW decoded)', () => {
    const action = rec(1, { kind: 'ActionEvent', id: 'a1', tool_call_id: 'c1' });
    const full = JSON.stringify({ kind: 'ObservationEvent', id: 'o1', action_id: 'a1', tool_call_id: 'c1', observation: { content: 'x'.repeat(10_000) } });
    const cut = rec(2, full.slice(0, 4096), { rawTruncated: true, kind: 'ObservationEvent', eventId: 'o1', actionId: 'a1', toolCallId: 'c1' });
    const error = rec(3, '{"kind":"AgentErrorEvent","error":"' + 'y'.repeat(5000), { rawTruncated: true, kind: 'AgentErrorEvent', summary: 'AgentErrorEvent error: yyyy…' });
    const state = deriveState([action, cut, error]);
    expect(state.pendingActions.size).toBe(0);
    expect(state.errors.map((e) => e.message)).toEqual(['AgentErrorEvent error: yyyy…']);
  });

  it('keeps only the newest errors, and counts every one', () => {
    const count = STATE_ERRORS_KEPT + 30;
    const records = Array.from({ length: count }, (_, i) => rec(i + 1, { kind: 'AgentErrorEvent', id: `e${i}`, error: `boom ${i}` }));
    const state = deriveState(records);
    expect(state.errorCount).toBe(count);
    expect(state.errors).toHaveLength(STATE_ERRORS_KEPT);
    expect(state.errors[0]?.seq).toBe(31);
    expect(state.errors.at(-1)?.message).toBe(`boom ${count - 1}`);
  });

  it('sums a usage id "__proto__" like any other (an object member assignment dropped it from the cost)', () => {
    const raw = '{"kind":"ConversationStateUpdateEvent","key":"stats","value":{"usage_to_metrics":{"agent":{"accumulated_cost":1},"__proto__":{"accumulated_cost":2}}}}';
    const state = deriveState([rec(0, raw), rec(1, stats('condenser', 4))]);
    expect(state.cost).toBe(7);
    expect(Object.keys(state.usage).sort()).toEqual(['__proto__', 'agent', 'condenser']);
  });
});
