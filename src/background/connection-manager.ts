/**
 * One server connection per conversation, shared by every panel: attach/subscribe/unsubscribe/
 * detach, a grace period before closing an unwatched connection (unless keep-capturing is
 * on), a cap on concurrent connections, throttled status broadcasts with live counts, and
 * sub-conversation discovery. Keys live only in the key store.
 */
import { conversationKeyOf, type ConnectionStatus, type ConnectionTarget } from '../shared/connection';
import { MAX_CONNECTIONS, type ConnectionPolicy } from '../shared/port/messages';
import type { LogRecord } from '../shared/record';
import type { Clock, ConversationConnection, FetchLike, ResumeCursor, SocketStatus, TimerHandle } from './contracts';
import { createConversationSink, type ConversationSinkParts } from './connection-sink';
import { EventLog, type EventLogLimits } from './event-log';
import type { KeyStore } from './key-store';
import type { PersistedConnection } from './persistence';
import { createRestClient, type RestClient } from './rest';
import { StatusThrottle } from './status-throttle';

export interface ConnectionExtras {
  /** Restored after an SW restart: resume there instead of from the start. */
  initialCursor?: ResumeCursor;
  policy?: ConnectionPolicy;
}

export interface ManagerOptions {
  clock: Clock;
  keyStore: KeyStore;
  createConnection: (
    target: ConnectionTarget, sink: ConversationSinkParts['sink'], getKey: () => Promise<string | undefined>, extras: ConnectionExtras,
  ) => ConversationConnection;
  /** For REST commands and sub-conversation discovery (absent: those commands fail clearly). */
  fetch?: FetchLike;
  onRecord: (record: LogRecord) => void;
  onRecordUpdated?: (record: LogRecord) => void;
  /** Older records placed before a log's first (history loaded newest-first). */
  onRecordsPrepended?: (key: string, records: LogRecord[]) => void;
  onStatus: (status: ConnectionStatus) => void;
  onRemoved: (key: string) => void;
  onLogCleared?: (key: string) => void;
  graceMs?: number;
  /** @default MAX_CONNECTIONS (16) held at once; attaching another is refused */
  maxConnections?: number;
  logLimits?: Partial<EventLogLimits>;
  statusIntervalMs?: number;
}

export interface AttachOptions extends ConnectionExtras {
  keepCapturing?: boolean;
  parentKey?: string;
  /** A restarted SW continues the local seq where the previous boot stopped. */
  firstSeq?: number;
  /** Restored as it was left: not connected (the person disconnected it, or it failed). */
  stopped?: StoppedConnection;
  /** The person asked for it (the panel's attach), not the SW's own autoconnect or discovery. */
  byPerson?: boolean;
}

export type StoppedConnection = NonNullable<PersistedConnection['stopped']>;

interface Entry extends ConversationSinkParts {
  connection: ConversationConnection;
  rest: RestClient;
  subscribers: number;
  keepCapturing: boolean;
  hasKey: boolean;
  parentKey?: string;
  policy?: ConnectionPolicy;
  title?: string;
  discovered: boolean;
  /** Restored without connecting; persisted as such again until it starts. */
  restoredStopped?: StoppedConnection;
  graceTimer?: TimerHandle;
}

export class ConnectionManager {
  private readonly entries = new Map<string, Entry>();
  private readonly graceMs: number;
  private readonly maxConnections: number;
  private readonly statusThrottle: StatusThrottle;

  constructor(private readonly options: ManagerOptions) {
    this.graceMs = options.graceMs ?? 30_000;
    this.maxConnections = options.maxConnections ?? MAX_CONNECTIONS;
    this.statusThrottle = new StatusThrottle(options.clock, (key) => this.emitStatus(key), options.statusIntervalMs);
  }

  async attach(target: ConnectionTarget, sessionApiKey?: string, options: AttachOptions = {}): Promise<string> {
    const key = conversationKeyOf(target);
    // Checked before the key is stored: a refused attach changes nothing. `auto` (the dialog's
    // and a deep link's default) is whatever is in use; only another explicit choice is refused.
    const inUse = this.entries.get(key)?.connection.target.protocol;
    if (inUse !== undefined && target.protocol !== 'auto' && target.protocol !== inUse) {
      throw new Error(`already attached with protocol ${inUse}: detach it first to attach with ${target.protocol}`);
    }
    if (sessionApiKey !== undefined) await this.options.keyStore.put(key, sessionApiKey);
    const existing = this.entries.get(key);
    if (existing !== undefined) {
      existing.hasKey ||= sessionApiKey !== undefined;
      if (options.keepCapturing === true) existing.keepCapturing = true;
      // Attaching again with a key is how a person fixes a refused or missing one: a connection
      // that stopped or waits for its next try goes again now, with it. It used to stay failed.
      // Attaching a failed one again, key or not, is the person saying the cause is fixed (site
      // access granted, the server back with the conversation): it tries again too.
      const { state } = existing.connection.status();
      const withKey = sessionApiKey !== undefined && (state === 'closed' || state === 'backoff' || state === 'idle');
      if (withKey || (state === 'failed' && (sessionApiKey !== undefined || options.byPerson === true))) {
        existing.restoredStopped = undefined;
        existing.connection.reconnectNow();
      }
      return key;
    }
    if (this.entries.size >= this.maxConnections) {
      throw new Error(`too many connections: at most ${this.maxConnections} at once; detach one first`);
    }
    const entry = this.createEntry(key, target, sessionApiKey !== undefined, options);
    this.entries.set(key, entry);
    // A key stored before (an SW restart's restore, an attach again after a detach) is used by
    // the connection, so the status says so; it said "no key" after every SW restart.
    if (sessionApiKey === undefined) void this.options.keyStore.get(key).then((stored) => {
      if (stored === undefined || this.entries.get(key) !== entry) return;
      entry.hasKey = true;
      this.statusThrottle.now(key);
    }, () => undefined);
    if (options.stopped === undefined) {
      entry.connection.start();
    } else {
      entry.restoredStopped = options.stopped;
      const was = options.stopped.state === 'closed' ? 'closed' : `failed (${options.stopped.reason})`;
      entry.log.appendMeta({ type: 'note', message: `restored without connecting: it was ${was} before the service worker restarted; Connect resumes it` }, 'restored stopped');
    }
    this.scheduleGrace(key, entry);
    return key;
  }

  /**
   * A connection the previous SW held, from what it persisted: resumes where it was, or stays
   * stopped if the person had disconnected it or it had failed (a restart used to reconnect
   * those, against the person's choice).
   */
  restore(saved: PersistedConnection): Promise<string> {
    return this.attach(saved.target, undefined, {
      keepCapturing: saved.keepCapturing, parentKey: saved.parentKey, initialCursor: saved.cursor,
      policy: saved.policy, firstSeq: saved.nextSeq, ...(saved.stopped ? { stopped: saved.stopped } : {}),
    });
  }

  subscribe(key: string): void {
    const entry = this.require(key);
    entry.subscribers += 1;
    if (entry.graceTimer !== undefined) this.options.clock.clearTimeout(entry.graceTimer);
    entry.graceTimer = undefined;
    this.statusThrottle.now(key);
  }

  unsubscribe(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    entry.subscribers = Math.max(0, entry.subscribers - 1);
    this.scheduleGrace(key, entry);
    this.statusThrottle.now(key);
  }

  setKeepCapturing(key: string, on: boolean): void {
    const entry = this.require(key);
    entry.keepCapturing = on;
    this.scheduleGrace(key, entry);
    this.statusThrottle.now(key);
  }

  detach(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    if (entry.graceTimer !== undefined) this.options.clock.clearTimeout(entry.graceTimer);
    this.statusThrottle.cancel(key);
    entry.connection.dispose();
    entry.echo.dispose();
    this.entries.delete(key);
    this.options.onRemoved(key);
  }

  /** `clearLog`: the SW forgets the records (event ids stay known for dedupe). */
  clearLog(key: string): void {
    this.require(key).log.clear();
    this.options.onLogCleared?.(key);
    this.statusThrottle.now(key);
  }

  async forgetKey(key: string): Promise<void> {
    await this.options.keyStore.forget(key);
    const entry = this.entries.get(key);
    if (entry !== undefined) entry.hasKey = false;
  }

  connection(key: string): ConversationConnection | undefined {
    return this.entries.get(key)?.connection;
  }

  /** What REST commands need for one conversation. */
  restContext(key: string) {
    const entry = this.require(key);
    if (this.options.fetch === undefined) throw new Error('REST is not available in this service worker');
    const generation = entry.connection.status().generation ?? (entry.connection.target.protocol === 'auto' ? 'v1-events' : entry.connection.target.protocol);
    return {
      rest: entry.rest, conversationId: entry.connection.target.conversationId, generation, log: entry.log, echo: entry.echo,
      sessionKey: () => this.options.keyStore.get(key),
    };
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
      historyLoading: socket.historyLoading, ...(socket.awaitingAuth ? { awaitingAuth: true } : {}), counts: { records, bytes, dropped, duplicates, gaps, errors },
      keepCapturing: entry.keepCapturing, subscribers: entry.subscribers, hasKey: entry.hasKey, parentKey: entry.parentKey,
      ...(entry.title !== undefined ? { title: entry.title } : {}),
    };
  }

  /** What persistence writes to storage.session (no keys, no records). */
  persisted(): PersistedConnection[] {
    return [...this.entries.values()].map((entry) => {
      const socket = entry.connection.status();
      const stopped = stoppedOf(socket) ?? (socket.state === 'idle' ? entry.restoredStopped : undefined);
      return {
        target: entry.connection.target, keepCapturing: entry.keepCapturing, parentKey: entry.parentKey,
        nextSeq: entry.log.counters().nextSeq, cursor: entry.connection.cursor(), policy: entry.policy,
        ...(stopped ? { stopped } : {}),
      };
    });
  }

  private createEntry(key: string, target: ConnectionTarget, hasKey: boolean, options: AttachOptions): Entry {
    const getKey = () => this.options.keyStore.get(key);
    const parts = createConversationSink({
      key, target, clock: this.options.clock, logLimits: this.options.logLimits, firstSeq: options.firstSeq,
      echoTimeoutMs: options.policy?.echoTimeoutMs,
      onRecord: (record) => {
        this.options.onRecord(record);
        this.statusThrottle.soon(key);
      },
      onRecordUpdated: (record) => this.options.onRecordUpdated?.(record),
      onRecordsPrepended: (records) => {
        this.options.onRecordsPrepended?.(key, records);
        this.statusThrottle.soon(key);
      },
      onSocketStatus: (status) => {
        this.statusThrottle.now(key);
        if (status.state === 'open') this.discover(key);
      },
    });
    const connection = this.options.createConnection(target, parts.sink, getKey, { initialCursor: options.initialCursor, policy: options.policy });
    parts.echo.useHorizon(connection.echoHorizon);
    const rest = createRestClient({
      serverUrl: target.serverUrl, getSessionKey: getKey,
      fetch: this.options.fetch ?? (() => Promise.reject(new Error('REST is not available in this service worker'))),
    });
    return {
      ...parts, connection, rest, subscribers: 0, keepCapturing: options.keepCapturing === true, hasKey,
      parentKey: options.parentKey, policy: options.policy, discovered: false,
    };
  }

  /** Once per connection: title and sub-conversations (e.g. the planning agent), attached alongside. */
  private discover(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined || entry.discovered || this.options.fetch === undefined) return;
    if (entry.connection.status().generation === 'v0-socketio') return;
    entry.discovered = true;
    const { target } = entry.connection;
    void entry.rest.conversationInfo(target.conversationId).then(async (info) => {
      if (typeof info.title === 'string') entry.title = info.title;
      const subs = Array.isArray(info['sub_conversation_ids']) ? info['sub_conversation_ids'].filter((v): v is string => typeof v === 'string') : [];
      const apiKey = await this.options.keyStore.get(key);
      for (const id of subs) {
        // Detached (or detached and attached again) while the info was on its way: not ours to extend.
        if (this.entries.get(key) !== entry) return;
        const sub = { ...target, conversationId: id };
        if (this.entries.has(conversationKeyOf(sub))) continue;
        await this.attach(sub, apiKey, { keepCapturing: entry.keepCapturing, parentKey: key, policy: entry.policy });
        entry.log.appendMeta({ type: 'note', message: `sub-conversation ${id} attached alongside` }, 'sub-conversation');
      }
      this.statusThrottle.now(key);
    }).catch((error: unknown) => {
      entry.log.appendMeta({ type: 'note', message: `conversation info unavailable: ${error instanceof Error ? error.message : String(error)}` }, 'no conversation info');
    });
  }

  private scheduleGrace(key: string, entry: Entry): void {
    if (entry.graceTimer !== undefined) this.options.clock.clearTimeout(entry.graceTimer);
    entry.graceTimer = undefined;
    if (entry.subscribers > 0 || entry.keepCapturing) return;
    entry.graceTimer = this.options.clock.setTimeout(() => this.detach(key), this.graceMs);
  }

  private emitStatus(key: string): void {
    const status = this.status(key);
    if (status !== undefined) this.options.onStatus(status);
  }

  private require(key: string): Entry {
    const entry = this.entries.get(key);
    if (entry === undefined) throw new Error(`no connection for ${key}; attach first`);
    return entry;
  }
}

/** Closed by request, or failed: the states a connection stays in until someone asks again. */
function stoppedOf(socket: SocketStatus): StoppedConnection | undefined {
  if (socket.state === 'failed') return { state: 'failed', reason: (socket.failedReason ?? 'failed').slice(0, 500) };
  if (socket.state === 'closed') return { state: 'closed', reason: (socket.lastClose?.reason ?? 'disconnected').slice(0, 500) };
  return undefined;
}
