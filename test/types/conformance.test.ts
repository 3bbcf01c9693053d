// Type conformance (issue 2 item 4): every official event type, as it appears on the wire,
// is assignable to our zod-inferred type. tsc checks this file; vitest runs the negative case.
// The agent-server schema types (the client's wrapper types widen action/observation to unknown).
import type * as Official from '../../node_modules/@openhands/typescript-client/dist/generated/agent-server-schema';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import type * as Ours from '../../src/shared/protocol/v1-events';
import { BaseEventSchema } from '../../src/shared/protocol/v1-events';

/**
 * The official types are the server's *input* models: defaulted fields are optional and
 * nullable fields admit null. On the wire the server serialises defaults and omits nulls,
 * so compare against that form, never loosening our schemas.
 */
type OnWire<T> = { [K in keyof T]: Exclude<T[K], null> } & { id: string; timestamp: string; source: string };

type Assignable<From, To> = [From] extends [To] ? true : false;
const conforms = <T extends true>(value: T): T => value;

export const CONFORMANCE = [
  conforms<Assignable<OnWire<Official.MessageEvent>, Ours.MessageEvent>>(true),
  conforms<Assignable<OnWire<Official.ActionEvent>, Ours.ActionEvent>>(true),
  conforms<Assignable<OnWire<Official.ObservationEvent>, Ours.ObservationEvent>>(true),
  conforms<Assignable<OnWire<Official.UserRejectObservation>, Ours.UserRejectObservation>>(true),
  conforms<Assignable<OnWire<Official.AgentErrorEvent>, Ours.AgentErrorEvent>>(true),
  conforms<Assignable<OnWire<Official.SystemPromptEvent>, Ours.SystemPromptEvent>>(true),
  conforms<Assignable<OnWire<Official.ConversationStateUpdateEvent>, Ours.ConversationStateUpdateEvent>>(true),
  conforms<Assignable<OnWire<Official.ConversationErrorEvent>, Ours.CodeDetailEvent>>(true),
  conforms<Assignable<OnWire<Official.PauseEvent>, Ours.V1Event>>(true),
  conforms<Assignable<OnWire<Official.Condensation>, Ours.Condensation>>(true),
  conforms<Assignable<OnWire<Official.CondensationRequest>, Ours.V1Event>>(true),
  conforms<Assignable<OnWire<Official.CondensationSummaryEvent>, Ours.CondensationSummaryEvent>>(true),
  conforms<Assignable<OnWire<Official.HookExecutionEvent>, Ours.HookExecutionEvent>>(true),
  conforms<Assignable<OnWire<Official.LlmCompletionLogEvent>, Ours.LLMCompletionLogEvent>>(true),
  conforms<Assignable<OnWire<Official.StreamingDeltaEvent>, Ours.StreamingDeltaEvent>>(true),
  conforms<Assignable<OnWire<Official.TokenEvent>, Ours.TokenEvent>>(true),
  conforms<Assignable<OnWire<Official.AcpToolCallEvent>, Ours.ACPToolCallEvent>>(true),
] as const;

const DriftedSchema = BaseEventSchema.extend({ field_the_server_never_sends: z.string() });
// @ts-expect-error drift is caught: our variant requires a field the official type lacks
export const DRIFT = conforms<Assignable<OnWire<Official.PauseEvent>, z.infer<typeof DriftedSchema>>>(true);

describe('type conformance', () => {
  it('is checked by tsc (this file is in the typecheck)', () => {
    expect(CONFORMANCE.every(Boolean)).toBe(true);
  });
});
