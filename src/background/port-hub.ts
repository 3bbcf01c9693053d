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
    const parsed = PanelToBackgroundSchema.safeParse(message);
    if (!parsed.success) return this.refuse(panel, message, parsed.error.issues[0]);
    const data = parsed.data;
    if (data.type === 'hello') return this.hello(panel, data.protocolVersion, data.subscriptions);
    if (data.command.name === 'subscribe') this.subscribe(panel, data.command);
    if (data.command.name === 'unsubscribe') this.dropOutbox(panel, data.command.key);
    void this.runCommand(panel, data.requestId, data.command);
  }

  private hello(panel: PanelPort, version: number, subscriptions: Subscription[]): void {
    if (version !== PORT_PROTOCOL_VERSION) {
      return this.post(panel, { type: 'incompatible', expected: PORT_PROTOCOL_VERSION, got: version });
    }
    const { epoch, bootedAt } = this.options;
    this.post(panel, { type: 'welcome', protocolVersion: PORT_PROTOCOL_VERSION, epoch, bootedAt });
    for (const subscription of subscriptions) {
      this.subscribe(panel, subscription);
      this.options.source.run({ name: 'subscribe', ...subscription }).catch(() => undefined);
    }
  }

  /** A closed panel stops counting as a subscriber (its connections may enter the grace period). */
  private release(panel: PanelPort): void {
    this.panels.delete(panel);
    for (const key of panel.outboxes.keys()) this.options.source.run({ name: 'unsubscribe', key }).catch(() => undefined);
  }

  private subscribe(panel: PanelPort, subscription: Subscription): void {
    const log = this.options.source.log(subscription.key);
    const status = this.options.source.status(subscription.key);
    if (log === undefined || status === undefined) return this.post(panel, { type: 'connectionRemoved', key: subscription.key });
    const { flushDelayMs, now, setTimer } = this.options;
    const outbox = new PortOutbox({ key: subscription.key, post: (m) => this.post(panel, m), flushDelayMs, now, setTimer });
    // The snapshot holds whatever the replaced outbox still had queued.
    this.dropOutbox(panel, subscription.key);
    panel.outboxes.set(subscription.key, outbox);
    for (const message of snapshotMessages(log, status, subscription, this.options.epoch)) this.post(panel, message);
  }

  /**
   * A message the schema refuses. A command with a readable request id gets its answer now
   * (the panel waited 15 s for one and then said only that none came); anything else has no
   * one to answer.
   */
  private refuse(panel: PanelPort, message: unknown, issue: { path: PropertyKey[]; message: string } | undefined): void {
    const requestId = typeof message === 'object' && message !== null ? (message as { requestId?: unknown }).requestId : undefined;
    if (typeof requestId !== 'string' || requestId.length > 200) return;
    const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
    this.post(panel, { type: 'result', requestId, ok: false, error: `refused by the service worker: ${where}${issue?.message ?? 'not a valid message'}` });
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
      case 'getRecord': {
        const record = this.requireLog(command.key).get(command.seq);
        if (record === undefined) throw new Error(`record ${command.seq} is no longer held for ${command.key}`);
        return { value: record };
      }
      case 'getRecords': {
        const log = this.requireLog(command.key);
        const bySeq = command.seqs.map((seq) => log.get(seq)).filter((r): r is LogRecord => r !== undefined);
        const wanted = new Set(command.eventIds ?? []);
        // No event-id index for 100k records: a lookup by id is rare (after an SW restart), a scan is enough.
        const byEventId = wanted.size === 0 ? [] : log.since(-Infinity).filter((r) => r.eventId !== undefined && wanted.has(r.eventId));
        return { value: [...bySeq, ...byEventId] };
      }
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

  private post(panel: PanelPort, message: BackgroundToPanel): void {
    try {
      panel.port.postMessage(message);
    } catch {
      this.panels.delete(panel);
    }
  }
}
