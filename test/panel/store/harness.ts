/**
 * The panel store + background link against a real PortHub and EventLog from the SW side,
 * joined by fake ports with real disconnect semantics. `restartSw()` plays an SW restart:
 * the port dies, a new hub (new epoch) rebuilds its log from the same server history.
 */
import { expect } from 'vitest';
import { EventLog } from '../../../src/background/event-log';
import { PortHub } from '../../../src/background/port-hub';
import { createBackgroundLink } from '../../../src/panel/background-link';
import { createPanelStore } from '../../../src/panel/store/panel-store';
import type { ConnectionStatus } from '../../../src/shared/connection';
import type { Command } from '../../../src/shared/port/messages';
import type { DecodedFrame } from '../../../src/shared/record';
import { FakeClock } from '../../fakes/fake-clock';
import { createFakePortPair, type FakePortEnd } from '../../fakes/fake-port';

export const KEY = 'http://127.0.0.1:1#demo';
const ORIGIN = 'chrome-extension://abc';
const SENDER = { id: 'abc', url: `${ORIGIN}/panel.html` };

export async function until(check: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise<void>((r) => setTimeout(r, 0));
  expect(check(), what).toBe(true);
}

export function frame(eventId: string, extra: Partial<DecodedFrame> = {}): DecodedFrame {
  const raw = JSON.stringify({ id: eventId, kind: 'MessageEvent', source: 'agent' });
  return { validity: 'ok', raw, rawEncoding: 'text', size: raw.length, frameType: 'event', category: 'message', eventId, kind: 'MessageEvent', summary: eventId, ...extra };
}

export function status(state: ConnectionStatus['state'] = 'open', extra: Partial<ConnectionStatus> = {}): ConnectionStatus {
  return {
    key: KEY, target: { serverUrl: 'http://127.0.0.1:1', conversationId: 'demo', protocol: 'v1-events' }, state, attempt: 0,
    historyLoading: false, counts: { records: 0, bytes: 0, dropped: 0, duplicates: 0, gaps: 0, errors: 0 },
    keepCapturing: false, subscribers: 1, hasKey: false, ...extra,
  };
}

/** Outbox batching as the SW has it (16 ms), on the test's clock; the default flushes per microtask. */
export interface HubTiming { flushDelayMs: number; clock: FakeClock }
/** The fake SW's hub timing (optional), its log's record cap, and the port's message limit (Chrome: 64 MiB). */
interface SwOptions { timing?: HubTiming | undefined; maxRecords?: number | undefined; maxMessageChars?: number | undefined }

class FakeSw {
  log: EventLog;
  readonly hub: PortHub;
  readonly commands: Command[] = [];
  attached: boolean;
  swEnd: FakePortEnd | undefined;
  /** Called when an attach after a detach starts a new log (the SW's new connection). */
  onNewLog: ((log: EventLog) => void) | undefined;
  private detached = false;

  private readonly maxRecords: number | undefined;
  private readonly maxMessageChars: number | undefined;

  constructor(readonly epoch: string, attached: boolean, { timing, maxRecords, maxMessageChars }: SwOptions = {}) {
    this.attached = attached;
    this.maxRecords = maxRecords;
    this.maxMessageChars = maxMessageChars;
    this.log = this.newLog();
    this.hub = new PortHub({
      extensionId: 'abc', extensionOrigin: ORIGIN, epoch, bootedAt: 0,
      ...(timing ? { flushDelayMs: timing.flushDelayMs, now: () => timing.clock.now(), setTimer: (fn, ms) => { timing.clock.setTimeout(fn, ms); } } : {}),
      source: {
        log: (key) => (key === KEY && this.attached ? this.log : undefined),
        status: (key) => (key === KEY && this.attached ? status() : undefined),
        run: async (command) => {
          this.commands.push(command);
          if (command.name === 'attach') { this.attach(); return KEY; }
          if (command.name === 'detach') { this.detach(); return undefined; }
          if (command.name === 'clearLog') { this.log.clear(); this.hub.logCleared(KEY); return undefined; }
          if (command.name === 'listConnections') return this.attached ? [status()] : [];
          return undefined;
        },
      },
    });
  }

  /** Like the connection manager's detach (ours or another panel's): the connection goes, and with it its log. */
  detach(): void {
    if (!this.attached) return;
    this.attached = false;
    this.detached = true;
    this.hub.connectionRemoved(KEY);
  }

  /** Like the connection manager's attach (ours or another panel's): a new log after a detach. */
  attach(): void {
    if (this.attached) return;
    this.attached = true;
    if (!this.detached) return;
    this.log = this.newLog();
    this.onNewLog?.(this.log);
  }

  private newLog(): EventLog {
    return new EventLog({
      conversationKey: KEY, protocol: 'v1-events', now: () => 0,
      ...(this.maxRecords !== undefined ? { limits: { maxRecords: this.maxRecords } } : {}),
      onAppend: (r) => this.hub.recordAppended(r), onPrepend: (rs) => this.hub.recordsPrepended(KEY, rs),
      onUpdate: (r) => this.hub.recordUpdated(r),
    });
  }

  connect(): FakePortEnd {
    const [panelEnd, swEnd] = createFakePortPair('conversation-devtools/panel', SENDER, this.maxMessageChars === undefined ? {} : { maxMessageChars: this.maxMessageChars });
    this.swEnd = swEnd;
    this.hub.connect(swEnd);
    return panelEnd;
  }
}

export function setup(options: { recordCap?: number; flushDelayMs?: number; swMaxRecords?: number; portMaxMessageChars?: number } = {}) {
  const { flushDelayMs, swMaxRecords, portMaxMessageChars, ...storeOptions } = options;
  const clock = new FakeClock();
  const timing = flushDelayMs === undefined ? undefined : { flushDelayMs, clock };
  let sw = new FakeSw('E1', false, { timing, maxRecords: swMaxRecords, maxMessageChars: portMaxMessageChars });
  let connects = 0;
  // The store sends through the link created just below (they need each other).
  let request: (command: Command) => Promise<unknown> = () => Promise.reject(new Error('no link'));
  const store = createPanelStore({ request: (c) => request(c), ...storeOptions });
  const link = createBackgroundLink({ connect: () => { connects += 1; return sw.connect(); }, store, clock, random: () => 0.5 });
  request = link.request;
  link.start();
  return {
    clock, store, link,
    sw: () => sw,
    connects: () => connects,
    /** The SW stops: its port dies; a new SW with a new epoch rebuilds its log from `history`. */
    restartSw(epoch: string, history: string[], restored = true) {
      const old = sw;
      sw = new FakeSw(epoch, restored, { timing });
      for (const id of history) sw.log.appendInbound(frame(id), 'socket');
      old.swEnd?.disconnect();
      return sw;
    },
  };
}

/**
 * Resolves once everything the SW posted before now has been applied: a command's result
 * comes after all of it on the port.
 */
export async function barrier(store: ReturnType<typeof createPanelStore>): Promise<void> {
  await store.command('barrier', { name: 'listConnections' });
}

/** Event ids of the conversation's records, in order. */
export function eventIds(store: ReturnType<typeof createPanelStore>): string[] {
  const conversation = store.conversations.value.find((c) => c.key === KEY);
  return (conversation?.source.records ?? []).map((r) => r.eventId ?? `#${r.seq}`);
}
