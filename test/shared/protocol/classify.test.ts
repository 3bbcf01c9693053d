import { describe, expect, it } from 'vitest';
import * as guard from '../../../src/shared/protocol/classify';
import { V0_EXAMPLES, V1_EXAMPLES } from '../../fixtures/protocol/examples';

const parse = (name: string): unknown => JSON.parse(V1_EXAMPLES[name] ?? 'null');

describe('type guards (§2.5)', () => {
  it('classifies the §2.6 examples like the reference client', () => {
    expect(guard.isActionEvent(parse('ActionEvent_TerminalAction'))).toBe(true);
    expect(guard.isTerminalActionEvent(parse('ActionEvent_TerminalAction'))).toBe(true);
    expect(guard.isObservationEvent(parse('ObservationEvent_TerminalObservation'))).toBe(true);
    expect(guard.isTerminalObservationEvent(parse('ObservationEvent_FileEditorObservation'))).toBe(false);
    expect(guard.isUserMessageEvent(parse('MessageEvent_user'))).toBe(true);
    expect(guard.isUserMessageEvent(parse('MessageEvent_assistant'))).toBe(false);
    expect(guard.isAgentErrorEvent(parse('AgentErrorEvent'))).toBe(true);
    expect(guard.isSystemPromptEvent(parse('SystemPromptEvent'))).toBe(true);
    expect(guard.isConversationStateUpdateEvent(parse('ConversationStateUpdateEvent_stats'), 'stats')).toBe(true);
    expect(guard.isConversationStateUpdateEvent(parse('ConversationStateUpdateEvent_stats'), 'full_state')).toBe(false);
    expect(guard.isDisplayableErrorEvent(parse('ServerErrorEvent'))).toBe(true);
    expect(guard.isBaseEvent(parse('HookExecutionEvent'))).toBe(true);
    expect(guard.isV0Event(JSON.parse(V0_EXAMPLES.runAction))).toBe(true);
  });

  it('does not treat an ActionEvent without action as an action', () => {
    const event = parse('ActionEvent_TerminalAction') as Record<string, unknown>;
    delete event['action'];
    expect(guard.isActionEvent(event)).toBe(false);
    expect(guard.isBaseEvent({ id: '', timestamp: 't', source: 'agent' })).toBe(false);
  });
});
