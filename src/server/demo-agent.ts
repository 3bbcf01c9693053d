import { randomUUID } from 'node:crypto';
import { action, agentMessage, observation, stateUpdate, statsValue, terminalMetadata, text } from './demo-events';
import { fullStateEvent } from './full-state';
import type { Knobs } from './options';
import type { ConversationStore, EventJson } from './store';
import type { V0Event } from './v0/v0-log';
import type { V0Turns } from './v0/v0-agent';

/**
 * A scripted agent: one plausible turn per user message, at a human-watchable pace (knobs).
 * The final message is streamed (StreamingDeltaEvent / item_started+delta) before it lands durably.
 */
export class DemoAgent {
  private readonly runs = new Map<string, { cancel: () => void }>();
  /** The streamed item of each running turn, retired with item_aborted if the turn is stopped. */
  private readonly openItems = new Map<string, string>();

  /** `v0`: the V0-shaped turn, run instead for conversations of generation v0. */
  constructor(private readonly store: ConversationStore, private readonly knobs: Knobs, private readonly v0?: V0Turns) {}

  isRunning(conversationId: string): boolean {
    return this.runs.has(conversationId);
  }

  /** Starts a turn answering `message`; returns false when one is already running. */
  start(conversationId: string, message?: EventJson | V0Event): boolean {
    if (!this.knobs.demoAgent || this.runs.has(conversationId)) return false;
    const v0 = this.isV0(conversationId) ? this.v0 : undefined;
    let cancelled = false;
    let timer: NodeJS.Timeout | undefined;
    this.runs.set(conversationId, { cancel: () => { cancelled = true; if (timer) clearTimeout(timer); } });
    const steps = v0 ? v0.turn(conversationId, message) : this.turn(conversationId, message as EventJson | undefined);
    const next = (): void => {
      if (cancelled) return;
      const step = steps.next();
      if (step.done) { this.runs.delete(conversationId); return; }
      timer = setTimeout(next, step.value);
    };
    next();
    return true;
  }

  /** Cancels every turn without recording anything (server shutdown). */
  stopAll(): void {
    for (const run of this.runs.values()) run.cancel();
    this.runs.clear();
    this.openItems.clear();
  }

  /** Pause / interrupt: stops the turn and records why. */
  stop(conversationId: string, kind: 'PauseEvent' | 'InterruptEvent'): void {
    this.runs.get(conversationId)?.cancel();
    this.runs.delete(conversationId);
    if (this.v0 && this.isV0(conversationId)) return this.v0.stopped(conversationId, kind === 'PauseEvent' ? 'paused' : 'stopped');
    const itemId = this.openItems.get(conversationId);
    if (itemId) {
      this.openItems.delete(conversationId);
      this.store.publish(conversationId, { type: 'item_aborted', item_id: itemId, attempt: 1, reason: 'cancelled' });
    }
    this.store.append(conversationId, { kind, source: 'user' });
    this.setStatus(conversationId, 'paused');
  }

  private isV0(conversationId: string): boolean {
    return this.store.get(conversationId)?.generation === 'v0';
  }

  /** Each yield is the delay before the next step. */
  private *turn(conversationId: string, message?: EventJson): Generator<number, void> {
    const append = (draft: Parameters<ConversationStore['append']>[1]) => this.store.append(conversationId, draft);
    const step = this.knobs.agentStepMs;
    this.setStatus(conversationId, 'running');
    yield step;
    const asked = messageText(message) || 'your request';
    const call = { toolName: 'terminal', callId: `call_${randomUUID().slice(0, 8)}`, responseId: `chatcmpl-${randomUUID().slice(0, 6)}`,
      thought: `Looking into: ${asked}`,
      action: { kind: 'TerminalAction', command: 'ls -la', is_input: false, reset: false }, arguments: { command: 'ls -la' } };
    const act = append(action(call, message?.id));
    yield step;
    append(observation(call, act.id, { kind: 'TerminalObservation', command: 'ls -la', exit_code: 0, timeout: false,
      content: [text('total 8\n\u001b[34mapp\u001b[0m  \u001b[34mtests\u001b[0m  README.md')], metadata: terminalMetadata(0) }));
    yield step;
    yield* this.streamFinal(conversationId, `I looked at "${asked}". The workspace has app/, tests/ and a README.`, call.responseId, act.id);
    append(stateUpdate('stats', statsValue(3200, 140, call.responseId)));
    this.setStatus(conversationId, 'finished');
    const conversation = this.store.get(conversationId);
    if (conversation) this.store.publishTransient(conversationId, fullStateEvent(conversation));
  }

  private *streamFinal(conversationId: string, reply: string, responseId: string, parentId: string): Generator<number, void> {
    const final = this.store.complete(agentMessage(reply, responseId, parentId));
    const anchor = this.store.throughSeq(conversationId) ?? -1;
    this.openItems.set(conversationId, final.id);
    this.store.publish(conversationId, { type: 'item_started', item_id: final.id, attempt: 1, anchor_seq: anchor });
    const chunks = reply.match(/.{1,12}/gs) ?? [];
    for (const [order, chunk] of chunks.entries()) {
      this.store.publishTransient(conversationId, { kind: 'StreamingDeltaEvent', source: 'agent', content: chunk });
      this.store.publish(conversationId, { type: 'delta', item_id: final.id, attempt: 1, order, kind: 'text', content: chunk });
      yield this.knobs.agentDeltaMs;
    }
    this.openItems.delete(conversationId);
    this.store.persist(conversationId, { ...final, timestamp: this.store.timestamps.next() });
  }

  private setStatus(conversationId: string, status: 'running' | 'finished' | 'paused'): void {
    const conversation = this.store.get(conversationId);
    if (!conversation) return;
    conversation.executionStatus = status;
    this.store.append(conversationId, stateUpdate('execution_status', status));
  }
}

function messageText(message?: EventJson): string {
  const llm = message?.['llm_message'] as { content?: Array<{ text?: unknown }> } | undefined;
  return (llm?.content ?? []).map((c) => (typeof c.text === 'string' ? c.text : '')).join(' ').trim();
}
