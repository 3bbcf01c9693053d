/**
 * One server connection per conversation, shared by every panel: attach/subscribe/unsubscribe/
 * detach, a grace period before closing an unwatched connection (unless keep-capturing is
 * on), and a cap on concurrent connections. Keys live only in the key store.
 */
import { conversationKeyOf, type ConnectionStatus, type ConnectionTarget } from '../shared/connection';
import type { LogRecord } from '../shared/record';
import type { Clock, ConversationConnection, ConversationSink, ResumeCursor, SocketStatus, TimerHandle } from './contracts';
import { EventLog, type EventLogLimits } from './event-log';
import type { KeyStore } from './key-store';
import type { PersistedConnection } from './persistence';

export interface ManagerOptions {
  clock: Clock;
  keyStore: KeyStore;
  createConnection: (
    target: ConnectionTarget, sink: ConversationSink, getKey: () => Promise<string | undefined>, initialCursor?: ResumeCursor,
  ) => ConversationConnection;
  onRecord: (record: LogRecord) => void;
  onStatus: (status: ConnectionStatus) => void;
  onRemoved: (key: string) => void;
  graceMs?: number;
  maxConnections?: number;
  logLimits?: Partial<EventLogLimits>;
}

export interface AttachOptions {
  keepCapturing?: boolean;
  parentKey?: string;
  /** Restored after an SW restart: resume there instead of from the start. */
  initialCursor?: ResumeCursor;
}

interface Entry {
  log: EventLog;
  connection: ConversationConnection;
  subscribers: number;
  keepCapturing: boolean;
  hasKey: boolean;
  parentKey?: string;
  graceTimer?: TimerHandle;
}

export class ConnectionManager {
  private readonly entries = new Map<string, Entry>();
  private readonly graceMs: number;
  private readonly maxConnections: number;

  constructor(private readonly options: ManagerOptions) {
    this.graceMs = options.graceMs ?? 30_000;
    this.maxConnections = options.maxConnections ?? 16;
  }

  async attach(target: ConnectionTarget, sessionApiKey?: string, options: AttachOptions = {}): Promise<string> {
    const key = conversationKeyOf(target);
    if (sessionApiKey !== undefined) await this.options.keyStore.put(key, sessionApiKey);
    const existing = this.entries.get(key);
    if (existing !== undefined) {
      existing.hasKey ||= sessionApiKey !== undefined;
      if (options.keepCapturing === true) existing.keepCapturing = true;
      return key;
    }
    if (this.entries.size >= this.maxConnections) {
      throw new Error(`too many connections: at most ${this.maxConnections} at once; detach one first`);
    }
    const entry = this.createEntry(key, target, sessionApiKey !== undefined, options);
    this.entries.set(key, entry);
    entry.connection.start();
    this.scheduleGrace(key, entry);
    return key;
  }

  subscribe(key: string): void {
    const entry = this.require(key);
    entry.subscribers += 1;
    if (entry.graceTimer !== undefined) this.options.clock.clearTimeout(entry.graceTimer);
    entry.graceTimer = undefined;
    this.publish(key);
  }

  unsubscribe(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    entry.subscribers = Math.max(0, entry.subscribers - 1);
    this.scheduleGrace(key, entry);
    this.publish(key);
  }

  setKeepCapturing(key: string, on: boolean): void {
    const entry = this.require(key);
    entry.keepCapturing = on;
    this.scheduleGrace(key, entry);
    this.publish(key);
  }

  detach(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    if (entry.graceTimer !== undefined) this.options.clock.clearTimeout(entry.graceTimer);
    entry.connection.dispose();
    this.entries.delete(key);
    this.options.onRemoved(key);
  }

  async forgetKey(key: string): Promise<void> {
    await this.options.keyStore.forget(key);
    const entry = this.entries.get(key);
    if (entry !== undefined) entry.hasKey = false;
  }

  connection(key: string): ConversationConnection | undefined {
    return this.entries.get(key)?.connection;
  }

  log(key: string): EventLog | undefined {
    return this.entries.get(key)?.log;
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  status(key: string): ConnectionStatus | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    const socket = entry.connection.status();
    const { records, bytes, dropped, duplicates, gaps } = entry.log.counters();
    const errors = entry.log.metaRecords().filter((r) => r.meta?.type === 'error').length;
    return {
      key, target: entry.connection.target, generation: socket.generation, state: socket.state, attempt: socket.attempt,
      nextRetryAt: socket.nextRetryAt, lastClose: socket.lastClose, failedReason: socket.failedReason,
      historyLoading: socket.historyLoading, counts: { records, bytes, dropped, duplicates, gaps, errors },
      keepCapturing: entry.keepCapturing, subscribers: entry.subscribers, hasKey: entry.hasKey, parentKey: entry.parentKey,
    };
  }

  /** What persistence writes to storage.session (no keys, no records). */
  persisted(): PersistedConnection[] {
    return [...this.entries.values()].map((entry) => ({
      target: entry.connection.target, keepCapturing: entry.keepCapturing, parentKey: entry.parentKey,
      nextSeq: entry.log.counters().nextSeq, cursor: entry.connection.cursor(),
    }));
  }

  private createEntry(key: string, target: ConnectionTarget, hasKey: boolean, options: AttachOptions): Entry {
    const log = new EventLog({
      conversationKey: key, protocol: target.protocol === 'auto' ? 'v1-events' : target.protocol,
      now: () => this.options.clock.now(), limits: this.options.logLimits, onAppend: this.options.onRecord,
    });
    const sink: ConversationSink = {
      appendInbound: (frame, via) => log.appendInbound(frame, via),
      appendOutbound: (frame, outgoing) => log.appendOutbound(frame, outgoing),
      appendMeta: (meta, summary) => log.appendMeta(meta, summary),
      countGap: (n) => log.countGap(n),
      hasEventId: (id) => log.hasEventId(id),
      statusChanged: (status: SocketStatus) => {
        if (status.generation !== undefined) log.setProtocol(status.generation);
        this.publish(key);
      },
    };
    const connection = this.options.createConnection(target, sink, () => this.options.keyStore.get(key), options.initialCursor);
    return { log, connection, subscribers: 0, keepCapturing: options.keepCapturing === true, hasKey, parentKey: options.parentKey };
  }

  private scheduleGrace(key: string, entry: Entry): void {
    if (entry.graceTimer !== undefined) this.options.clock.clearTimeout(entry.graceTimer);
    entry.graceTimer = undefined;
    if (entry.subscribers > 0 || entry.keepCapturing) return;
    entry.graceTimer = this.options.clock.setTimeout(() => this.detach(key), this.graceMs);
  }

  private publish(key: string): void {
    const status = this.status(key);
    if (status !== undefined) this.options.onStatus(status);
  }

  private require(key: string): Entry {
    const entry = this.entries.get(key);
    if (entry === undefined) throw new Error(`no connection for ${key}; attach first`);
    return entry;
  }
}
