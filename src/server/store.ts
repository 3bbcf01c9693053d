import { dropOldestInChunks } from './bounded-array';
import { randomUUID } from 'node:crypto';
import { TimestampSource } from './time';

/** One serialised event (exclude-null JSON of §2). */
export type EventJson = { kind: string; id: string; timestamp: string; source: string } & Record<string, unknown>;

export type ConversationGeneration = 'v1' | 'v0';
export type ExecutionStatus =
  | 'idle' | 'running' | 'paused' | 'waiting_for_confirmation' | 'finished' | 'error' | 'stuck' | 'deleting';

/** What subscribers of a conversation are told; each socket maps it onto its own wire form. */
export type ConversationSignal =
  | { type: 'durable'; seq: number; event: EventJson }
  | { type: 'transient'; event: EventJson }
  | { type: 'item_started'; item_id: string; attempt: number; anchor_seq: number }
  | { type: 'delta'; item_id: string; attempt: number; order: number; kind: 'text' | 'reasoning'; content: string }
  | { type: 'item_aborted'; item_id: string; attempt: number; reason: string };

export type Listener = (signal: ConversationSignal) => void;

export interface Conversation {
  readonly id: string;
  readonly generation: ConversationGeneration;
  title: string;
  executionStatus: ExecutionStatus;
  readonly createdAt: string;
  updatedAt: string;
  parentConversationId: string | null;
  subConversationIds: string[];
  /** Settable app-server view of the sandbox (tests set PAUSED/MISSING). */
  sandboxStatus: 'STARTING' | 'RUNNING' | 'PAUSED' | 'ERROR' | 'MISSING';
  /** Sockets close 1013 credential_binding_activation_required after accept (§1.7). */
  requiresCredentialBinding: boolean;
  /** Persisted events; index = seq (offset by `droppedCount` once the bound is hit). */
  readonly events: EventJson[];
  droppedCount: number;
  readonly listeners: Set<Listener>;
}

export type NewEvent = { kind: string; source: string } & Record<string, unknown>;

export class ConversationStore {
  private readonly byId = new Map<string, Conversation>();
  readonly timestamps = new TimestampSource();

  constructor(private readonly maxEvents: () => number) {}

  create(init: { id?: string; generation: ConversationGeneration; title: string; parentConversationId?: string }): Conversation {
    const now = this.timestamps.next();
    const conversation: Conversation = {
      id: init.id ?? randomUUID(),
      generation: init.generation,
      title: init.title,
      executionStatus: 'idle',
      createdAt: now,
      updatedAt: now,
      parentConversationId: init.parentConversationId ?? null,
      subConversationIds: [],
      sandboxStatus: 'RUNNING',
      requiresCredentialBinding: false,
      events: [],
      droppedCount: 0,
      listeners: new Set(),
    };
    this.byId.set(conversation.id, conversation);
    return conversation;
  }

  get(id: string): Conversation | undefined {
    return this.byId.get(normaliseId(id));
  }

  list(): Conversation[] {
    return [...this.byId.values()];
  }

  /** Completes an event (id, timestamp), persists it and publishes it as durable. */
  append(conversationId: string, draft: NewEvent): EventJson {
    const event = this.complete(draft);
    this.persist(conversationId, event);
    return event;
  }

  /** Persists an already complete event (history seeding, duplicate faults). */
  persist(conversationId: string, event: EventJson): number {
    const seq = this.persistQuietly(conversationId, event);
    this.publish(conversationId, { type: 'durable', seq, event });
    return seq;
  }

  /** Persists without telling subscribers (withheld / out-of-order faults publish later or never). */
  persistQuietly(conversationId: string, event: EventJson): number {
    const conversation = this.require(conversationId);
    conversation.events.push(event);
    conversation.droppedCount += dropOldestInChunks(conversation.events, this.maxEvents());
    conversation.updatedAt = event.timestamp;
    return this.seqOf(conversation, conversation.events.length - 1);
  }

  /** Publishes a non-persisted event (full_state snapshot, StreamingDeltaEvent). */
  publishTransient(conversationId: string, draft: NewEvent): EventJson {
    const event = this.complete(draft);
    this.publish(conversationId, { type: 'transient', event });
    return event;
  }

  publish(conversationId: string, signal: ConversationSignal): void {
    for (const listener of [...this.require(conversationId).listeners]) listener(signal);
  }

  subscribe(conversationId: string, listener: Listener): () => void {
    const conversation = this.require(conversationId);
    conversation.listeners.add(listener);
    return () => conversation.listeners.delete(listener);
  }

  /** Highest seq on disk, or null when empty. */
  throughSeq(conversationId: string): number | null {
    const conversation = this.require(conversationId);
    return conversation.events.length === 0 ? null : this.seqOf(conversation, conversation.events.length - 1);
  }

  /** Events with seq in [fromSeq, toSeq], oldest first. */
  range(conversationId: string, fromSeq: number, toSeq: number): Array<{ seq: number; event: EventJson }> {
    const conversation = this.require(conversationId);
    const start = Math.max(0, fromSeq - conversation.droppedCount);
    const end = Math.min(conversation.events.length - 1, toSeq - conversation.droppedCount);
    const out: Array<{ seq: number; event: EventJson }> = [];
    for (let i = start; i <= end; i += 1) {
      const event = conversation.events[i];
      if (event) out.push({ seq: this.seqOf(conversation, i), event });
    }
    return out;
  }

  complete(draft: NewEvent): EventJson {
    const { kind, source, ...rest } = draft;
    return dropNulls({ kind, id: randomUUID(), timestamp: this.timestamps.next(), source, ...rest }) as EventJson;
  }

  private seqOf(conversation: Conversation, index: number): number {
    return conversation.droppedCount + index;
  }

  private require(id: string): Conversation {
    const conversation = this.get(id);
    if (!conversation) throw new Error(`Conversation not found: ${id}`);
    return conversation;
  }
}

/** Accepts dashed or 32-hex UUIDs, as FastAPI's UUID parsing does. */
export function normaliseId(id: string): string {
  const hex = id.toLowerCase().replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/.test(hex)) return id;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function isUuid(id: string): boolean {
  return /^[0-9a-f]{32}$/.test(id.toLowerCase().replace(/-/g, '')) && (id.length === 32 || id.length === 36);
}

/** exclude_none=True: null-valued fields are omitted, at any depth of plain objects. */
export function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (inner !== null && inner !== undefined) out[key] = dropNulls(inner);
  }
  return out;
}
