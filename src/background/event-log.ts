/**
 * One conversation's bounded log: the storage behind ConversationSink. Keeps each record's
 * raw text once (no parsed objects), dedupes by event id, and caps by records AND bytes.
 * Meta records (transitions, errors) also live in their own small ring so an event flood
 * that evicts them from the main timeline never loses the connection story.
 */
import type { DecodedFrame, LogRecord, MetaInfo, OutgoingInfo } from '../shared/record';
import type { Generation } from '../shared/protocol/generation';
import { compactRecord } from '../shared/compact-record';
import { streamSummary } from '../shared/stream-summary';
import { eventsDeltaAsStream, foldStream, isStreamFrame, streamBytes, type StreamFrame, type StreamSlot } from './stream-fold';

export interface EventLogLimits {
  maxRecords: number;
  maxBytes: number;
  maxMetaRecords: number;
  /** The dedupe id set is bounded too; the oldest ids are forgotten first. */
  maxEventIds: number;
  /** Streamed items remembered (so a late durable event can finish its record). */
  maxStreamSlots: number;
}

export const DEFAULT_EVENT_LOG_LIMITS: EventLogLimits = {
  maxRecords: 200_000,
  maxBytes: 256 * 1024 * 1024,
  maxMetaRecords: 2_000,
  maxEventIds: 400_000,
  maxStreamSlots: 256,
};

export interface EventLogCounters {
  records: number;
  bytes: number;
  dropped: number;
  duplicates: number;
  gaps: number;
  nextSeq: number;
}

export interface EventLogOptions {
  conversationKey: string;
  protocol: Generation;
  now: () => number;
  limits?: Partial<EventLogLimits>;
  /** Called with each new record (port hub batches these into recordsAppended). */
  onAppend?: (record: LogRecord) => void;
  /** Called with older records placed before everything held (oldest first). */
  onPrepend?: (records: LogRecord[]) => void;
  /** Called when a held record changed in place (growing stream, echo status): recordsUpdated. */
  onUpdate?: (record: LogRecord) => void;
  /** First local seq (a restarted SW continues where the previous boot stopped). */
  firstSeq?: number;
}

export type RecordPatch = Partial<Pick<LogRecord, 'outgoing' | 'streamItem' | 'summary'>>;

/**
 * A frame's fields as the log holds them. Not the event's own timestamp: the SW reads it from
 * frames as they arrive (resume cursors), nothing reads it from held records, and its text is
 * in `raw` anyway; a slice of it per record was 24 B of 100k records' heap.
 */
function heldFields(frame: DecodedFrame): Omit<DecodedFrame, 'timestamp'> {
  // A copy loop, not `{ timestamp, ...fields }`: rest destructuring took the slow path (about
  // 7 µs per event in a SW profile, 1 µs this way).
  const fields: Record<string, unknown> = {};
  for (const key in frame) if (key !== 'timestamp') fields[key] = frame[key as keyof DecodedFrame];
  return fields as unknown as Omit<DecodedFrame, 'timestamp'>;
}

export class EventLog {
  private readonly limits: EventLogLimits;
  private readonly records: LogRecord[] = [];
  private head = 0;
  private bytes = 0;
  private readonly metaRing: LogRecord[] = [];
  private readonly eventIds = new Set<string>();
  private readonly streams = new Map<string, StreamSlot>();
  /** The events socket's current run of deltas: its item, and the first delta's timestamp. */
  private deltaRun: { itemId: string; since: string } | undefined;
  private nextSeq: number;
  private protocol: Generation;
  private dropped = 0;
  private duplicates = 0;
  private gaps = 0;

  constructor(private readonly options: EventLogOptions) {
    this.limits = { ...DEFAULT_EVENT_LOG_LIMITS, ...options.limits };
    this.protocol = options.protocol;
    this.nextSeq = options.firstSeq ?? 1;
  }

  appendInbound(frame: DecodedFrame, _via: 'socket' | 'rest'): LogRecord | null {
    if (isStreamFrame(frame)) return this.appendStream(frame);
    const folds = eventsDeltaAsStream(frame, this.deltaRun?.itemId ?? `deltas-from-${this.nextSeq}`);
    if (folds !== undefined) {
      this.deltaRun ??= { itemId: folds[0]?.stream.itemId ?? '', since: frame.timestamp ?? '' };
      let record: LogRecord | null = null;
      for (const fold of folds) record = this.appendStream(fold) ?? record;
      return record;
    }
    if (frame.eventId !== undefined) {
      if (this.eventIds.has(frame.eventId)) {
        this.duplicates += 1;
        return null;
      }
      this.rememberId(frame.eventId);
      this.retireStream(frame.eventId, 'finished');
    }
    // A new event of the agent from no earlier than the deltas ends the LLM response they were:
    // its message, or the action whose thought they streamed. Only the message ended it before,
    // so the text before a tool call ran on into the next response's. A duplicate (a resume's
    // inclusive replay) or an older event replayed between live deltas is no such end.
    if (this.deltaRun !== undefined && frame.source === 'agent' && (frame.timestamp ?? '') >= this.deltaRun.since) {
      this.retireStream(this.deltaRun.itemId, 'finished');
      this.deltaRun = undefined;
    }
    return this.push({ ...heldFields(frame), direction: 'in' });
  }

  /**
   * History loaded newest-first: older events go before everything held, numbered downwards
   * from the oldest seq (seqs stay contiguous, and may go below zero). Held ids are skipped;
   * over the caps, the oldest of them are dropped and counted like any eviction.
   */
  prependHistory(frames: readonly DecodedFrame[]): LogRecord[] {
    const fresh = frames.filter((frame) => {
      if (frame.eventId === undefined) return true;
      if (this.eventIds.has(frame.eventId)) { this.duplicates += 1; return false; }
      this.rememberId(frame.eventId);
      return true;
    });
    if (fresh.length === 0) return [];
    const base = (this.oldestSeq() ?? this.nextSeq) - fresh.length;
    const receivedAt = this.options.now();
    const older = fresh.map((frame, i): LogRecord => compactRecord({
      ...heldFields(frame), direction: 'in', seq: base + i, conversationKey: this.options.conversationKey, receivedAt, protocol: frame.protocol ?? this.protocol,
    }));
    // Rebuilt rather than spliced: a 100k-record spread would exceed the argument limit.
    const held = this.records.slice(this.head);
    this.records.length = 0;
    for (const record of older) this.records.push(record);
    for (const record of held) this.records.push(record);
    this.head = 0;
    for (const record of older) this.bytes += record.raw.length;
    this.evictOverflow();
    const oldest = this.oldestSeq() ?? Infinity;
    const kept = older.filter((record) => record.seq >= oldest);
    if (kept.length > 0) this.options.onPrepend?.(kept);
    return kept;
  }

  appendOutbound(frame: DecodedFrame, outgoing: OutgoingInfo): LogRecord {
    return this.push({ ...frame, direction: 'out', outgoing });
  }

  appendMeta(meta: MetaInfo, summary: string): LogRecord {
    const record = this.push({
      validity: 'ok', raw: '', rawEncoding: 'text', size: 0, frameType: 'none',
      category: meta.type === 'error' ? 'error' : 'control', summary, direction: 'meta', meta,
    });
    this.metaRing.push(record);
    if (this.metaRing.length > this.limits.maxMetaRecords) this.metaRing.shift();
    // Progress frames are never replayed (§1.10): a stream open when the socket closed is over.
    if (meta.type === 'transition' && meta.from === 'open') {
      for (const itemId of this.streams.keys()) this.retireStream(itemId, 'aborted', 'connection closed mid-stream');
      this.deltaRun = undefined;
    }
    return record;
  }

  /** Changes a held record in place (replaced by a new object) and reports it. */
  update(seq: number, patch: RecordPatch): LogRecord | undefined {
    const index = this.indexOf(seq);
    const current = index === undefined ? undefined : this.records[index];
    if (index === undefined || current === undefined) return undefined;
    const next: LogRecord = { ...current, ...patch };
    this.records[index] = next;
    const grew = streamBytes(next.streamItem) - streamBytes(current.streamItem);
    this.bytes += grew;
    this.options.onUpdate?.(next);
    // Streams grow by updates: the byte cap holds for them too (it used to run on appends only).
    if (grew > 0) this.evictOverflow();
    return next;
  }

  /** `clearLog`: forgets every record (ids stay known, so a replay does not bring them back). */
  clear(): void {
    this.records.length = 0;
    this.head = 0;
    this.bytes = 0;
    this.dropped = 0;
    this.streams.clear();
    this.deltaRun = undefined;
  }

  /** `auto` targets learn their generation only once connected. */
  setProtocol(protocol: Generation): void {
    this.protocol = protocol;
  }

  countGap(n: number): void {
    this.gaps += n;
  }

  hasEventId(id: string): boolean {
    return this.eventIds.has(id);
  }

  /** Records with seq < `seq`, oldest first (what a panel lacks before its first record). */
  before(seq: number): LogRecord[] {
    const live = this.records.slice(this.head);
    const end = live.findIndex((r) => r.seq >= seq);
    return end < 0 ? live : live.slice(0, end);
  }

  /** Records with seq > `seq`, oldest first. */
  since(seq: number): LogRecord[] {
    const first = this.records[this.head];
    if (first === undefined) return [];
    // Seqs are consecutive (see indexOf): the tail a panel's search asks for is found, not scanned for.
    return this.records.slice(Math.max(this.head, this.head + Math.floor(seq) + 1 - first.seq));
  }

  get(seq: number): LogRecord | undefined {
    const index = this.indexOf(seq);
    return index === undefined ? undefined : this.records[index];
  }

  /** Lowest seq still held (undefined when empty). */
  oldestSeq(): number | undefined {
    return this.records[this.head]?.seq;
  }

  metaRecords(): readonly LogRecord[] {
    return this.metaRing;
  }

  eventIdList(): string[] {
    return this.records.slice(this.head).flatMap((r) => (r.direction === 'in' && r.eventId !== undefined ? [r.eventId] : []));
  }

  counters(): EventLogCounters {
    return {
      records: this.records.length - this.head, bytes: this.bytes, dropped: this.dropped,
      duplicates: this.duplicates, gaps: this.gaps, nextSeq: this.nextSeq,
    };
  }

  private push(partial: Omit<LogRecord, 'seq' | 'conversationKey' | 'receivedAt' | 'protocol'> & { protocol?: Generation }): LogRecord {
    const record: LogRecord = {
      ...partial, seq: this.nextSeq, conversationKey: this.options.conversationKey,
      receivedAt: this.options.now(), protocol: partial.protocol ?? this.protocol,
    };
    this.nextSeq += 1;
    compactRecord(record);
    this.records.push(record);
    this.bytes += record.raw.length;
    this.evictOverflow();
    this.options.onAppend?.(record);
    return record;
  }

  private indexOf(seq: number): number | undefined {
    const first = this.records[this.head];
    if (first === undefined || seq < first.seq) return undefined;
    const index = this.head + (seq - first.seq);
    return index < this.records.length ? index : undefined;
  }

  private appendStream(frame: StreamFrame): LogRecord | null {
    const slot = this.streams.get(frame.stream.itemId);
    const current = slot === undefined ? undefined : this.get(slot.seq);
    const folded = foldStream(current?.streamItem, slot, frame);
    if (folded === undefined) return null;
    if (slot !== undefined && current !== undefined) {
      slot.nextOrder = folded.nextOrder;
      slot.tail = folded.tail;
      return this.update(slot.seq, { streamItem: folded.info, summary: streamSummary(folded.info, folded.tail) }) ?? null;
    }
    const record = this.push({ ...frame, direction: 'in', streamItem: folded.info, summary: streamSummary(folded.info, folded.tail) });
    this.streams.set(frame.stream.itemId, { seq: record.seq, nextOrder: folded.nextOrder, tail: folded.tail });
    if (this.streams.size > this.limits.maxStreamSlots) this.streams.delete(this.streams.keys().next().value ?? '');
    this.bytes += streamBytes(folded.info);
    return record;
  }

  private retireStream(itemId: string, state: 'finished' | 'aborted', reason?: string): void {
    const slot = this.streams.get(itemId);
    if (slot === undefined) return;
    const info = this.get(slot.seq)?.streamItem;
    if (state === 'finished') this.streams.delete(itemId);
    if (info === undefined || info.state === state || (state === 'aborted' && info.state !== 'streaming')) return;
    const next = { ...info, state, ...(reason !== undefined ? { reason } : {}) };
    this.update(slot.seq, { streamItem: next, summary: streamSummary(next, slot.tail) });
  }

  private evictOverflow(): void {
    while (this.records.length - this.head > this.limits.maxRecords || (this.bytes > this.limits.maxBytes && this.records.length - this.head > 1)) {
      const evicted = this.records[this.head];
      if (evicted === undefined) break;
      this.bytes -= evicted.raw.length + streamBytes(evicted.streamItem);
      this.head += 1;
      this.dropped += 1;
    }
    if (this.head > 1024 && this.head * 2 > this.records.length) {
      this.records.splice(0, this.head);
      this.head = 0;
    }
  }

  private rememberId(id: string): void {
    this.eventIds.add(id);
    if (this.eventIds.size <= this.limits.maxEventIds) return;
    const oldest = this.eventIds.values().next();
    if (oldest.done !== true) this.eventIds.delete(oldest.value);
  }
}
