import { z } from 'zod';

/** Fields every V1 event carries (protocol §2.1). Loose: newer servers add fields. */
/**
 * The most characters an identifying field (kind, id, source, timestamp, keys and ids that
 * link events) may have. These cross to the panel whole in every listing, unlike the raw text
 * (cut to a preview), and label rows, menus and facets: a hostile 1 MB `kind` took 38 MB of
 * panel heap for 8 events. Real ones are names, UUIDs and ISO times.
 */
export const MAX_FACT_CHARS = 256;
const fact = () => z.string().max(MAX_FACT_CHARS);

export const BaseEventSchema = z.looseObject({
  kind: fact(),
  id: fact(),
  timestamp: fact(),
  source: fact(),
  parent_id: z.string().optional(),
});

// `type` defaults to "text" in the server model, so the official type marks it optional.
const TextContentSchema = z.looseObject({ type: z.string().optional(), text: z.string().optional() });
const NestedKindSchema = z.looseObject({ kind: z.string() });

const MessageEventSchema = BaseEventSchema.extend({
  llm_message: z.looseObject({ role: z.string(), content: z.array(TextContentSchema).optional() }),
});
const ActionEventSchema = BaseEventSchema.extend({
  action: NestedKindSchema.optional(),
  tool_name: z.string(),
  tool_call_id: z.string(),
  thought: z.array(TextContentSchema).optional(),
});
const ObservationEventSchema = BaseEventSchema.extend({
  observation: NestedKindSchema,
  action_id: z.string(),
  tool_name: z.string(),
  tool_call_id: z.string(),
});
const UserRejectObservationSchema = BaseEventSchema.extend({
  action_id: z.string(),
  tool_name: z.string(),
  tool_call_id: z.string(),
  rejection_reason: z.string().optional(),
});
const AgentErrorEventSchema = BaseEventSchema.extend({ error: z.string(), tool_name: z.string(), tool_call_id: z.string() });
const SystemPromptEventSchema = BaseEventSchema.extend({ system_prompt: TextContentSchema, tools: z.array(z.looseObject({})) });
// key, forgotten_event_ids and model_name have server defaults: the official model marks them optional.
const StateUpdateEventSchema = BaseEventSchema.extend({ key: z.string().optional(), value: z.unknown().optional() });
const CodeDetailSchema = BaseEventSchema.extend({ code: z.string(), detail: z.string() });
const CondensationSchema = BaseEventSchema.extend({ forgotten_event_ids: z.array(z.string()).optional() });
const CondensationSummarySchema = BaseEventSchema.extend({ summary: z.string() });
const HookExecutionEventSchema = BaseEventSchema.extend({ hook_event_type: z.string(), hook_command: z.string(), success: z.boolean() });
const LLMCompletionLogEventSchema = BaseEventSchema.extend({ filename: z.string(), log_data: z.string(), model_name: z.string().optional() });
const StreamingDeltaEventSchema = BaseEventSchema.extend({ content: z.string().nullish(), reasoning_content: z.string().nullish() });
const TokenEventSchema = BaseEventSchema.extend({ prompt_token_ids: z.array(z.number()), response_token_ids: z.array(z.number()) });
const ACPToolCallEventSchema = BaseEventSchema.extend({ tool_call_id: z.string(), title: z.string() });

/** Schema per known `kind` (protocol §2.2). Picked by lookup, never a giant union. */
export const V1_EVENT_SCHEMAS: ReadonlyMap<string, z.ZodType> = new Map<string, z.ZodType>([
  ['MessageEvent', MessageEventSchema],
  ['ActionEvent', ActionEventSchema],
  ['ObservationEvent', ObservationEventSchema],
  ['UserRejectObservation', UserRejectObservationSchema],
  ['AgentErrorEvent', AgentErrorEventSchema],
  ['SystemPromptEvent', SystemPromptEventSchema],
  ['ConversationStateUpdateEvent', StateUpdateEventSchema],
  ['ConversationErrorEvent', CodeDetailSchema],
  ['ServerErrorEvent', CodeDetailSchema],
  ['PauseEvent', BaseEventSchema],
  ['InterruptEvent', BaseEventSchema],
  ['Condensation', CondensationSchema],
  ['CondensationRequest', BaseEventSchema],
  ['CondensationSummaryEvent', CondensationSummarySchema],
  ['HookExecutionEvent', HookExecutionEventSchema],
  ['LLMCompletionLogEvent', LLMCompletionLogEventSchema],
  ['StreamingDeltaEvent', StreamingDeltaEventSchema],
  ['TokenEvent', TokenEventSchema],
  ['ACPToolCallEvent', ACPToolCallEventSchema],
]);

export type V1Event = z.infer<typeof BaseEventSchema>;
export type MessageEvent = z.infer<typeof MessageEventSchema>;
export type ActionEvent = z.infer<typeof ActionEventSchema>;
export type ObservationEvent = z.infer<typeof ObservationEventSchema>;
export type UserRejectObservation = z.infer<typeof UserRejectObservationSchema>;
export type AgentErrorEvent = z.infer<typeof AgentErrorEventSchema>;
export type SystemPromptEvent = z.infer<typeof SystemPromptEventSchema>;
export type ConversationStateUpdateEvent = z.infer<typeof StateUpdateEventSchema>;
export type CodeDetailEvent = z.infer<typeof CodeDetailSchema>;
export type Condensation = z.infer<typeof CondensationSchema>;
export type CondensationSummaryEvent = z.infer<typeof CondensationSummarySchema>;
export type HookExecutionEvent = z.infer<typeof HookExecutionEventSchema>;
export type LLMCompletionLogEvent = z.infer<typeof LLMCompletionLogEventSchema>;
export type StreamingDeltaEvent = z.infer<typeof StreamingDeltaEventSchema>;
export type TokenEvent = z.infer<typeof TokenEventSchema>;
export type ACPToolCallEvent = z.infer<typeof ACPToolCallEventSchema>;
