/**
 * Panel ports: refuses ports not opened by this extension's own pages, answers `hello` with
 * `welcome` (or `incompatible` on a protocol-version mismatch) plus a snapshot per
 * subscription, routes commands to the manager with typed `result`s, and streams appended
 * records through a per-port outbox. Envelopes are zod-validated here, at the edge, only.
 */
import {
  PANEL_PORT_NAME, PORT_PROTOCOL_VERSION, PanelToBackgroundSchema,
  type BackgroundToPanel, type Command, type Subscription,
} from '../shared/port/messages';
import type { ConnectionStatus } from '../shared/connection';
import type { LogRecord } from '../shared/record';
import type { EventLog } from './event-log';
import { PortOutbox } from './port-hub-outbox';
import { searchPayloads } from './payload-search';
import { fullRecord, fullRecords } from './port-full-records';
import { snapshotMessages } from './port-hub-snapshot';

export interface PortLike {
  readonly name: string;
  readonly sender?: { id?: string; url?: string };
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(fn: (message: unknown) => void): void };
  onDisconnect: { addListener(fn: () => void): void };
}

/** What the hub needs from the connection manager. */
export interface HubSource {
  log(key: string): EventLog | undefined;
  status(key: string): ConnectionStatus | undefined;
  /** Runs a command; throws (message shown to the panel) on failure. */
  run(command: Command): Promise<unknown>;
}

export interface PortHubOptions {
  extensionId: string;
  /** e.g. `chrome-extension://<id>` or `moz-extension://<uuid>`. */
  extensionOrigin: string;
  epoch: string;
  bootedAt: number;
  source: HubSource;
  /** Batch appends over this many ms (undefined: per microtask). */
  flushDelayMs?: number;
  /** The outboxes' clock and timer (default: performance.now, setTimeout). */
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => void;
  /**
   * Resolves once a restarted SW has restored its connections: messages wait for it, so a
   * panel's hello after a restart finds its conversation instead of `connectionRemoved`.
   */
  ready?: Promise<unknown>;
}

export function isOwnPage(sender: PortLike['sender'], extensionId: string, extensionOrigin: string): boolean {
  if (sender?.id !== extensionId || sender.url === undefined) return false;
  return new URL(sender.url).origin === new URL(extensionOrigin).origin;
}

interface PanelPort {
  port: PortLike;
  outboxes: Map<string, PortOutbox>;
}

export class PortHub {
  private readonly panels = new Set<PanelPort>();

  constructor(private readonly options: PortHubOptions) {}

  connect(port: PortLike): void {
    const { extensionId, extensionOrigin } = this.options;
    if (port.name !== PANEL_PORT_NAME || !isOwnPage(port.sender, extensionId, extensionOrigin)) {
      port.disconnect();
      return;
    }
    const panel: PanelPort = { port, outboxes: new Map() };
    this.panels.add(panel);
    port.onDisconnect.addListener(() => this.release(panel));
    const ready = this.options.ready ?? Promise.resolve();
    // Chained on one promise, messages keep their order while waiting.
    port.onMessage.addListener((message) => { void ready.then(() => this.receive(panel, message), () => this.receive(panel, message)); });
  }

  /** The event log appended a record: queue it for every panel subscribed to its key. */
  recordAppended(record: LogRecord): void {
    for (const panel of this.panels) panel.outboxes.get(record.conversationKey)?.append(record);
  }

  /** Older records went before a log's first (history loaded newest-first). */
  recordsPrepended(key: string, records: readonly LogRecord[]): void {
    const droppedBefore = this.options.source.log(key)?.counters().dropped ?? 0;
    for (const panel of this.panels) panel.outboxes.get(key)?.prepend(records, droppedBefore);
  }

  /** A held record changed in place (stream grew, echo arrived): throttled `recordsUpdated`. */
  recordUpdated(record: LogRecord): void {
    for (const panel of this.panels) panel.outboxes.get(record.conversationKey)?.update(record);
  }

  /**
   * The connection is gone (detached, or closed after its grace period): no panel follows its
   * log any more, and nothing it queued goes out after `connectionRemoved`. A re-attach starts
   * a new log under the same key; a panel follows it by subscribing again.
   */
  connectionRemoved(key: string): void {
    for (const panel of this.panels) this.dropOutbox(panel, key);
    this.broadcast({ type: 'connectionRemoved', key });
  }

  /** The log was cleared: every panel following it drops its records too. */
  logCleared(key: string): void {
    for (const panel of this.panels) {
      const outbox = panel.outboxes.get(key);
      if (outbox === undefined) continue;
      // Records queued before the clear are gone from the log: sent after logCleared, they came back.
      outbox.discardQueued();
      this.post(panel, { type: 'logCleared', key });
    }
  }

  broadcast(message: BackgroundToPanel): void {
    for (const panel of this.panels) this.post(panel, message);
  }

  subscriberCount(key: string): number {
    return [...this.panels].filter((panel) => panel.outboxes.has(key)).length;
  }

  private receive(panel: PanelPort, message: unknown): void {
    // Sent before the panel saw its port close: a subscribe now would hold a connection for no one.
    if (!this.panels.has(panel)) return;
    const parsed = PanelToBackgroundSchema.safeParse(message);
    if (!parsed.success) return this.refuse(panel, message, parsed.error.issues[0]);
    const data = parsed.data;
    if (data.type === 'hello') return this.hello(panel, data.protocolVersion, data.subscriptions);
    // A failed snapshot closed the port: the panel subscribes again on its next one.
    if (data.command.name === 'subscribe' && !this.subscribe(panel, data.command)) return;
    if (data.command.name === 'unsubscribe') this.dropOutbox(panel, data.command.key);
    void this.runCommand(panel, data.requestId, data.command);
  }

  private hello(panel: PanelPort, version: number, subscriptions: Subscription[]): void {
    if (version !== PORT_PROTOCOL_VERSION) {
      this.post(panel, { type: 'incompatible', expected: PORT_PROTOCOL_VERSION, got: version });
      return;
    }
    const { epoch, bootedAt } = this.options;
    if (!this.post(panel, { type: 'welcome', protocolVersion: PORT_PROTOCOL_VERSION, epoch, bootedAt })) return;
    for (const subscription of subscriptions) {
      if (!this.subscribe(panel, subscription)) return;
      this.options.source.run({ name: 'subscribe', ...subscription }).catch(() => undefined);
    }
  }

  /**
   * A closed panel stops counting as a subscriber (its connections may enter the grace period)
   * and gets nothing more. Once only: the port may close from either end.
   */
  private release(panel: PanelPort): void {
    if (!this.panels.delete(panel)) return;
    for (const [key, outbox] of panel.outboxes) {
      outbox.close();
      this.options.source.run({ name: 'unsubscribe', key }).catch(() => undefined);
    }
    panel.outboxes.clear();
  }

  /**
   * Sends the snapshot and follows the log; false when a message failed and the panel is gone
   * (its outbox never joined, so its release does not unsubscribe what was never subscribed).
   */
  private subscribe(panel: PanelPort, subscription: Subscription): boolean {
    const log = this.options.source.log(subscription.key);
    const status = this.options.source.status(subscription.key);
    if (log === undefined || status === undefined) return this.post(panel, { type: 'connectionRemoved', key: subscription.key });
    // The snapshot holds whatever the replaced outbox still had queued.
    const followed = panel.outboxes.has(subscription.key);
    this.dropOutbox(panel, subscription.key);
    // The manager counted this panel once already; the subscribe that follows (or the port's
    // release, should the snapshot fail) would leave it counted once too many, and the
    // connection never reached its grace period after the panel left.
    if (followed) this.options.source.run({ name: 'unsubscribe', key: subscription.key }).catch(() => undefined);
    for (const message of snapshotMessages(log, status, subscription, this.options.epoch)) if (!this.post(panel, message)) return false;
    const { flushDelayMs, now, setTimer } = this.options;
    panel.outboxes.set(subscription.key, new PortOutbox({ key: subscription.key, post: (m) => this.post(panel, m), flushDelayMs, now, setTimer }));
    return true;
  }

  /**
   * A message the schema refuses. A command with a readable request id gets its answer now
   * (the panel waited 15 s for one and then said only that none came). A hello closes the port
   * with the reason: the panel waits for nothing else, and before this it waited 10 s for a
   * welcome, reconnected and said the same hello, forever, showing only that none came. Anything
   * else has no one to answer.
   */
  private refuse(panel: PanelPort, message: unknown, issue: { path: PropertyKey[]; message: string } | undefined): void {
    const fields = typeof message === 'object' && message !== null ? (message as { type?: unknown; requestId?: unknown }) : {};
    const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
    const why = `${where}${issue?.message ?? 'not a valid message'}`;
    if (fields.type === 'hello') return this.closePort(panel, `it refused the panel's hello (${why})`);
    const { requestId } = fields;
    if (typeof requestId !== 'string' || requestId.length > 200) return;
    this.post(panel, { type: 'result', requestId, ok: false, error: `refused by the service worker: ${why}` });
  }

  private dropOutbox(panel: PanelPort, key: string): void {
    panel.outboxes.get(key)?.close();
    panel.outboxes.delete(key);
  }

  private async runCommand(panel: PanelPort, requestId: string, command: Command): Promise<void> {
    try {
      const answered = this.answerFromLog(command);
      const value = answered ? answered.value : await this.options.source.run(command);
      this.post(panel, { type: 'result', requestId, ok: true, value });
    } catch (error) {
      this.post(panel, { type: 'result', requestId, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Commands about what the log holds (listings lack raw text): answered here; undefined for the rest. */
  private answerFromLog(command: Command): { value: unknown } | undefined {
    switch (command.name) {
      case 'getRecord':
        return { value: fullRecord(this.requireLog(command.key), command.key, command.seq) };
      case 'getRecords':
        return { value: fullRecords(this.requireLog(command.key), command.seqs, command.eventIds) };
      case 'searchPayloads':
        return { value: searchPayloads(this.requireLog(command.key).since(command.afterSeq ?? -Infinity), command.text) };
      default:
        return undefined;
    }
  }

  private requireLog(key: string): EventLog {
    const log = this.options.source.log(key);
    if (log === undefined) throw new Error(`no connection ${key}`);
    return log;
  }

  /**
   * Posts to a panel still connected; false when it is not (any more). A message the port will
   * not take is never dropped quietly (see `undeliverable`): Chrome throws for one over 64 MiB
   * and for a port already closed.
   */
  private post(panel: PanelPort, message: BackgroundToPanel): boolean {
    if (!this.panels.has(panel)) return false;
    try {
      panel.port.postMessage(message);
      return true;
    } catch (error) {
      this.undeliverable(panel, message, error);
      return false;
    }
  }

  /**
   * `message` could not be sent. A command's answer becomes its error, so the request is
   * answered and the panel lacks nothing else. Anything else (a snapshot chunk, records, a
   * status) leaves the panel without what it believes it has: it is told why, its port is
   * closed and it is released, and its link reconnects and resumes from what it holds. Before,
   * the panel was only forgotten: its port stayed open, it still said live, and got nothing again.
   */
  private undeliverable(panel: PanelPort, message: BackgroundToPanel, error: unknown): void {
    const reason = `the service worker could not send ${message.type} to the panel (${error instanceof Error ? error.message : String(error)})`;
    if (message.type === 'result' && message.ok && tryPost(panel.port, { type: 'result', requestId: message.requestId, ok: false, error: reason })) return;
    this.closePort(panel, reason);
  }

  /** Says why (`goodbye`), closes the port and releases the panel: Chrome tells only the other end of a disconnect. */
  private closePort(panel: PanelPort, reason: string): void {
    tryPost(panel.port, { type: 'goodbye', reason });
    try { panel.port.disconnect(); } catch { /* already closed */ }
    this.release(panel);
  }
}

function tryPost(port: PortLike, message: BackgroundToPanel): boolean {
  try {
    port.postMessage(message);
    return true;
  } catch {
    return false;
  }
}
