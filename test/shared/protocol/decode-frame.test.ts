import { describe, expect, it, vi } from 'vitest';
import { decodeFrame } from '../../../src/shared/protocol/decode-frame';
import { BaseEventSchema } from '../../../src/shared/protocol/v1-events';
import { SESSION_EXAMPLES, V0_EXAMPLES, V1_EXAMPLES } from '../../fixtures/protocol/examples';

const CATEGORY_OF: Record<string, string> = {
  MessageEvent: 'message', ActionEvent: 'action', ObservationEvent: 'observation', UserRejectObservation: 'observation',
  AgentErrorEvent: 'error', ConversationErrorEvent: 'error', ServerErrorEvent: 'error', ConversationStateUpdateEvent: 'state',
  SystemPromptEvent: 'system', PauseEvent: 'control', InterruptEvent: 'control', StreamingDeltaEvent: 'stream',
};

describe('decodeFrame v1-events', () => {
  it.each(Object.entries(V1_EXAMPLES))('accepts the §2.6 example %s', (_name, text) => {
    const frame = decodeFrame('v1-events', text);
    const event = JSON.parse(text) as { kind: string; id: string };
    expect(frame.issues).toBeUndefined();
    expect(frame.validity).toBe('ok');
    expect(frame.kind).toBe(event.kind);
    expect(frame.eventId).toBe(event.id);
    expect(frame.raw).toBe(text);
    expect(frame.summary.length).toBeGreaterThan(0);
    if (CATEGORY_OF[event.kind] !== undefined) expect(frame.category).toBe(CATEGORY_OF[event.kind]);
  });

  it('fills links, nested kind and state key', () => {
    const obs = decodeFrame('v1-events', V1_EXAMPLES['ObservationEvent_TerminalObservation'] ?? '');
    expect(obs).toMatchObject({ nestedKind: 'TerminalObservation', actionId: '3f6a9c2e-7d1b-4e8a-b5c4-0a1b2c3d4e5f', toolCallId: 'call_Qm2x7' });
    const state = decodeFrame('v1-events', V1_EXAMPLES['ConversationStateUpdateEvent_execution_status'] ?? '');
    expect(state).toMatchObject({ stateKey: 'execution_status', summary: 'ConversationStateUpdateEvent execution_status=running' });
    expect(decodeFrame('v1-events', V1_EXAMPLES['ActionEvent_TerminalAction'] ?? '').summary).toContain('pytest -q tests/test_api.py');
  });

  it('keeps an unknown but well-formed kind as unknown-kind', () => {
    const frame = decodeFrame('v1-events', '{"kind":"FutureEvent","id":"x","timestamp":"2026-01-01T00:00:00","source":"agent","extra":1}');
    expect(frame).toMatchObject({ validity: 'unknown-kind', kind: 'FutureEvent', eventId: 'x' });
  });

  it('accepts an ActionEvent without action and unknown extra fields', () => {
    const event = JSON.parse(V1_EXAMPLES['ActionEvent_TerminalAction'] ?? '{}') as Record<string, unknown>;
    delete event['action'];
    event['brand_new_field'] = { x: 1 };
    expect(decodeFrame('v1-events', JSON.stringify(event)).validity).toBe('ok');
  });

  it('reports structurally broken events as invalid with dotted paths', () => {
    const wrong = decodeFrame('v1-events', '{"kind":"ObservationEvent","id":"x","timestamp":"t","source":"environment","action_id":"a","tool_name":"t","tool_call_id":"c","observation":{"kind":5}}');
    expect(wrong.validity).toBe('invalid');
    expect(wrong.issues?.map((i) => i.path)).toContain('observation.kind');
    const noKind = decodeFrame('v1-events', '{"id":"x","timestamp":"t","source":"agent"}');
    expect(noKind.validity).toBe('invalid');
    expect(noKind.issues?.[0]?.path).toBe('kind');
    for (const text of ['[]', 'null', '42', '"str"']) expect(decodeFrame('v1-events', text).validity).toBe('invalid');
  });

  it('parses a well-formed event of a known kind once (its schema includes the base fields)', () => {
    const base = vi.spyOn(BaseEventSchema, 'safeParse');
    try {
      expect(decodeFrame('v1-events', V1_EXAMPLES['ActionEvent_TerminalAction'] ?? '').validity).toBe('ok');
      expect(base).not.toHaveBeenCalled();
      // Unknown kinds and broken known ones still go through the base schema.
      expect(decodeFrame('v1-events', '{"kind":"FutureEvent","id":"x","timestamp":"t","source":"agent"}').validity).toBe('unknown-kind');
      const broken = decodeFrame('v1-events', '{"kind":"MessageEvent","id":7,"timestamp":"t","source":"agent"}');
      expect(broken).toMatchObject({ validity: 'invalid', summary: 'invalid event' });
      expect(broken.issues?.map((i) => i.path)).toEqual(['id']);
      expect(base).toHaveBeenCalledTimes(2);
    } finally {
      base.mockRestore();
    }
  });

  it('classifies non-JSON and binary', () => {
    expect(decodeFrame('v1-events', 'hello {').validity).toBe('not-json');
    const bin = decodeFrame('v1-events', new Uint8Array([0, 255, 1]));
    expect(bin).toMatchObject({ validity: 'binary', rawEncoding: 'base64', raw: 'AP8B', size: 3 });
    expect(decodeFrame('v1-session', new Uint8Array([1]).buffer).validity).toBe('binary');
  });
});

describe('decodeFrame v1-session', () => {
  it('decodes every §1.10 envelope', () => {
    expect(decodeFrame('v1-session', SESSION_EXAMPLES.sync)).toMatchObject({ validity: 'ok', frameType: 'sync', sync: { fromSeq: 41, throughSeq: 57 } });
    expect(decodeFrame('v1-session', SESSION_EXAMPLES.durable)).toMatchObject({ validity: 'ok', frameType: 'durable', serverSeq: 42, kind: 'ActionEvent' });
    expect(decodeFrame('v1-session', SESSION_EXAMPLES.transient)).toMatchObject({ validity: 'ok', frameType: 'transient', stateKey: 'full_state' });
    expect(decodeFrame('v1-session', SESSION_EXAMPLES.item_started)).toMatchObject({ frameType: 'item_started', stream: { attempt: 1, anchorSeq: 57 } });
    expect(decodeFrame('v1-session', SESSION_EXAMPLES.delta)).toMatchObject({ frameType: 'delta', category: 'stream', stream: { order: 0, deltaKind: 'text', content: 'Done — ' } });
    expect(decodeFrame('v1-session', SESSION_EXAMPLES.item_aborted)).toMatchObject({ frameType: 'item_aborted', stream: { reason: 'cancelled' } });
    expect(decodeFrame('v1-session', SESSION_EXAMPLES.error)).toMatchObject({ validity: 'ok', frameType: 'error', category: 'error' });
  });

  it('ignores unknown envelope types and reports a broken inner event with its path', () => {
    expect(decodeFrame('v1-session', '{"type":"future_thing","x":1}')).toMatchObject({ validity: 'ok', frameType: 'unknown-envelope' });
    const broken = decodeFrame('v1-session', '{"type":"durable","seq":1,"event":{"kind":"PauseEvent","id":1}}');
    expect(broken.validity).toBe('invalid');
    expect(broken.issues?.[0]?.path).toBe('event.id');
  });
});

describe('decodeFrame v0-socketio', () => {
  it('decodes §5.5 events, status updates and errors', () => {
    expect(decodeFrame('v0-socketio', V0_EXAMPLES.runAction)).toMatchObject({ validity: 'ok', frameType: 'v0-event', kind: 'action:run', serverSeq: 12, category: 'action' });
    expect(decodeFrame('v0-socketio', V0_EXAMPLES.runObservation)).toMatchObject({ kind: 'observation:run', actionId: '12', category: 'observation' });
    expect(decodeFrame('v0-socketio', V0_EXAMPLES.statusInfo)).toMatchObject({ validity: 'ok', frameType: 'v0-status' });
    expect(decodeFrame('v0-socketio', V0_EXAMPLES.statusError).summary).toContain('STATUS$ERROR_LLM_AUTHENTICATION');
    expect(decodeFrame('v0-socketio', V0_EXAMPLES.error)).toMatchObject({ frameType: 'v0-error', category: 'error' });
    expect(decodeFrame('v0-socketio', '{"id":1,"message":"neither"}').validity).toBe('invalid');
  });

  // §5.6: both set the V0 client's error banner; as `state` they escaped the error filter and the timeline's errors.
  it('makes an error status and an agent turned to error errors, other status and state changes state', () => {
    expect(decodeFrame('v0-socketio', V0_EXAMPLES.statusError)).toMatchObject({ frameType: 'v0-status', category: 'error' });
    expect(decodeFrame('v0-socketio', V0_EXAMPLES.statusInfo)).toMatchObject({ frameType: 'v0-status', category: 'state' });
    const changed = (state: string) => JSON.stringify({ id: 9, source: 'agent', observation: 'agent_state_changed', content: '', extras: { agent_state: state } });
    expect(decodeFrame('v0-socketio', changed('error')).category).toBe('error');
    expect(decodeFrame('v0-socketio', changed('running')).category).toBe('state');
  });
});

describe('nested action/observation kinds (§2.3)', () => {
  it('accepts legacy ExecuteBash kinds and reports a nested type error with its path', () => {
    const base = { kind: 'ActionEvent', id: 'a', timestamp: '2026-08-22T14:03:15.772410', source: 'agent', tool_name: 'execute_bash', tool_call_id: 'c' };
    expect(decodeFrame('v1-events', JSON.stringify({ ...base, action: { kind: 'ExecuteBashAction', command: 'ls' } })).validity).toBe('ok');
    const wrong = decodeFrame('v1-session', JSON.stringify({ type: 'durable', seq: 1, event: { ...base, action: { kind: 'TerminalAction', command: 5 } } }));
    expect(wrong.validity).toBe('invalid');
    expect(wrong.issues?.map((i) => i.path)).toContain('event.action.command');
    expect(decodeFrame('v1-events', JSON.stringify({ ...base, action: { kind: 'FutureAction', x: 1 } })).validity).toBe('ok');
  });

  it('strips ANSI escapes and collapses whitespace in summaries', () => {
    const obs = { kind: 'ObservationEvent', id: 'o', timestamp: 't', source: 'environment', tool_name: 'terminal', tool_call_id: 'c', action_id: 'a',
      observation: { kind: 'TerminalObservation', content: [{ type: 'text', text: '\u001b[?2004l\u001b[34;42mok\u001b[0m\n\n  done' }] } };
    expect(decodeFrame('v1-events', JSON.stringify(obs)).summary).toBe('ObservationEvent TerminalObservation ok done');
  });
});

describe('decodeFrame output shape', () => {
  const examples: [string, 'v1-events' | 'v1-session' | 'v0-socketio', string][] = [
    ...Object.entries(V1_EXAMPLES).map(([name, text]) => [name, 'v1-events', text] as [string, 'v1-events', string]),
    ...Object.entries(SESSION_EXAMPLES).map(([name, text]) => [name, 'v1-session', text] as [string, 'v1-session', string]),
    ...Object.entries(V0_EXAMPLES).map(([name, text]) => [name, 'v0-socketio', text] as [string, 'v0-socketio', string]),
    ['invalid event', 'v1-events', '{"kind":"ActionEvent","id":7}'],
    ['unknown kind', 'v1-events', '{"kind":"NewKind","id":"e","source":"agent","timestamp":"2026-01-01T00:00:00"}'],
  ];

  // Port messages are structured-cloned and compared whole: an absent fact stays absent.
  it.each(examples)('%s (%s): the envelope first, a frame type, no undefined field', (_name, protocol, text) => {
    const frame = decodeFrame(protocol, text);
    expect(Object.keys(frame).slice(0, 3)).toEqual(['raw', 'rawEncoding', 'size']);
    expect(frame.frameType).toBeDefined();
    expect(Object.entries(frame).filter(([, value]) => value === undefined)).toEqual([]);
  });
});
