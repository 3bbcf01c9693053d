/**
 * The panel's end of the SW port (architecture §6). Says `hello` with every followed
 * conversation's last seq and epoch, validates each envelope at this edge, pairs command
 * results by `requestId` (with a timeout), and when the port dies (SW stopped, updated)
 * reconnects with jittered backoff and says `hello` again. One explicit state, mirrored into
 * the store: connecting → live → reconnecting → live …, or incompatible (terminal).
 * The port itself comes from an injected `connect`, so tests drive it with a fake port.
 */
import { backoffDelay, type BackoffPolicy } from '../shared/backoff';
import {
  BackgroundToPanelSchema, PORT_PROTOCOL_VERSION, type BackgroundToPanel, type Command,
} from '../shared/port/messages';
import type { PanelStore } from './store/panel-store';

export interface PanelPortLike {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(fn: (message: unknown) => void): void };
  onDisconnect: { addListener(fn: () => void): void };
}

export interface PanelClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface BackgroundLinkOptions {
  /** Opens a port to the SW (`runtime.connect`); throws when the extension context is gone. */
  connect: () => PanelPortLike;
  store: Pick<PanelStore, 'link' | 'subscriptions' | 'welcomed' | 'receive' | 'notify'>;
  clock: PanelClock;
  random?: () => number;
  /** @default 15_000 ms per command, queue time included */
  requestTimeoutMs?: number;
  /** @default 10_000 ms for the SW to answer hello before the port is dropped and retried */
  welcomeTimeoutMs?: number;
  /** @default 200 commands waiting or in flight; more are rejected */
  maxPending?: number;
  backoff?: BackoffPolicy;
  clientId?: string;
}

/** Port reconnects: fast at first (an SW restart takes ~100 ms), capped at 5 s. */
export const LINK_BACKOFF: BackoffPolicy = {
  baseMs: 100, capMs: 5_000, jitter: 0.3, minUptimeMs: 0, slowAfterFailures: 30, slowDelayMs: 15_000,
};

interface Pending {
  command: Command;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: unknown;
  sent: boolean;
}

export function createBackgroundLink(options: BackgroundLinkOptions) {
  const { store, clock } = options;
  const random = options.random ?? Math.random;
  const clientId = options.clientId ?? `panel-${Math.floor(random() * 1e9).toString(36)}`;
  const pending = new Map<string, Pending>();
  let port: PanelPortLike | undefined;
  let attempt = 0;
  let nextRequest = 1;
  let retryTimer: unknown;
  let welcomeTimer: unknown;
  let stopped = false;
  const state = store.link.state;

  function open(): void {
    retryTimer = undefined;
    let opened: PanelPortLike;
    try {
      opened = options.connect();
    } catch (error) {
      return giveUp(`The extension was reloaded or removed under this panel (${(error as Error).message}). Close and reopen it.`);
    }
    port = opened;
    opened.onMessage.addListener((message) => { if (port === opened) receive(message); });
    opened.onDisconnect.addListener(() => { if (port === opened) dropped(); });
    welcomeTimer = clock.setTimeout(() => {
      if (port !== opened) return;
      store.link.detail.value = 'the service worker did not answer hello';
      opened.disconnect();
      dropped();
    }, options.welcomeTimeoutMs ?? 10_000);
    post({ type: 'hello', protocolVersion: PORT_PROTOCOL_VERSION, clientId, subscriptions: store.subscriptions() });
  }

  function post(message: unknown): boolean {
    if (!port) return false;
    try {
      port.postMessage(message);
      return true;
    } catch {
      dropped();
      return false;
    }
  }

  function receive(raw: unknown): void {
    const parsed = BackgroundToPanelSchema.safeParse(raw);
    if (!parsed.success) {
      store.link.badEnvelopes.value += 1;
      const type = typeof raw === 'object' && raw !== null ? String((raw as { type?: unknown }).type) : typeof raw;
      store.notify(`Ignored a malformed message from the service worker (${type}): ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return;
    }
    handle(parsed.data);
  }

  function handle(message: BackgroundToPanel): void {
    switch (message.type) {
      case 'welcome':
        if (message.protocolVersion !== PORT_PROTOCOL_VERSION) return incompatible(message.protocolVersion);
        clock.clearTimeout(welcomeTimer);
        attempt = 0;
        state.value = 'live';
        store.link.detail.value = undefined;
        store.welcomed(message.epoch);
        flushQueued();
        return;
      case 'incompatible':
        return incompatible(message.expected);
      case 'goodbye':
        return closedBySw(message.reason);
      case 'result': {
        const entry = pending.get(message.requestId);
        if (!entry) return;
        settle(message.requestId);
        if (message.ok) entry.resolve(message.value);
        else entry.reject(new Error(message.error));
        return;
      }
      default:
        store.receive(message);
    }
  }

  function incompatible(swVersion: number): void {
    giveUp(`This panel speaks port protocol v${PORT_PROTOCOL_VERSION}, the service worker v${swVersion}. Reload the extension and reopen the panel.`);
  }

  /**
   * The SW is closing the port and said why (a message it could not send, a hello it refused):
   * shown, then the port is dropped and reconnected like any other, and hello resumes from what
   * the panel holds. Commands sent on it fail with the reason.
   */
  function closedBySw(reason: string): void {
    const detail = `The service worker closed the connection: ${reason}`;
    store.notify(detail);
    try { port?.disconnect(); } catch { /* already closed */ }
    dropped(detail);
  }

  /** Terminal: no reconnects; every waiting command fails with the reason. */
  function giveUp(reason: string): void {
    state.value = 'incompatible';
    store.link.detail.value = reason;
    clock.clearTimeout(welcomeTimer);
    const current = port;
    port = undefined;
    try { current?.disconnect(); } catch { /* already gone */ }
    for (const id of [...pending.keys()]) fail(id, reason);
  }

  /** The port is gone; `why` (when known) stays shown until the next welcome. */
  function dropped(why?: string): void {
    port = undefined;
    clock.clearTimeout(welcomeTimer);
    // A command already sent may or may not have run in the old SW: say so rather than resend.
    for (const [id, entry] of [...pending]) if (entry.sent) fail(id, why ?? 'the service worker connection dropped before it answered');
    if (stopped || state.peek() === 'incompatible') return;
    if (why !== undefined) store.link.detail.value = why;
    state.value = 'reconnecting';
    const delay = backoffDelay(options.backoff ?? LINK_BACKOFF, attempt, random());
    attempt += 1;
    retryTimer = clock.setTimeout(open, delay);
  }

  function flushQueued(): void {
    for (const [requestId, entry] of pending) {
      if (entry.sent) continue;
      entry.sent = true;
      if (!post({ type: 'command', requestId, command: entry.command })) return;
    }
  }

  function settle(requestId: string): void {
    const entry = pending.get(requestId);
    if (!entry) return;
    clock.clearTimeout(entry.timer);
    pending.delete(requestId);
  }

  function fail(requestId: string, reason: string): void {
    const entry = pending.get(requestId);
    settle(requestId);
    entry?.reject(new Error(reason));
  }

  return {
    start(): void {
      stopped = false;
      state.value = 'connecting';
      open();
    },
    /** Sends a command; queued until the link is live. Rejects on error, timeout or overflow. */
    request(command: Command): Promise<unknown> {
      if (state.peek() === 'incompatible') return Promise.reject(new Error(store.link.detail.peek() ?? 'the link is down'));
      if (pending.size >= (options.maxPending ?? 200)) {
        return Promise.reject(new Error(`${pending.size} commands are already waiting for the service worker`));
      }
      const requestId = `${clientId}:${nextRequest++}`;
      return new Promise<unknown>((resolve, reject) => {
        const timeoutMs = options.requestTimeoutMs ?? 15_000;
        const timer = clock.setTimeout(() => fail(requestId, `no answer to ${command.name} within ${timeoutMs} ms`), timeoutMs);
        const entry: Pending = { command, resolve, reject, timer, sent: false };
        pending.set(requestId, entry);
        if (state.peek() === 'live') {
          entry.sent = true;
          post({ type: 'command', requestId, command });
        }
      });
    },
    /** Closes the port for good (panel unloading). */
    stop(): void {
      stopped = true;
      clock.clearTimeout(retryTimer);
      clock.clearTimeout(welcomeTimer);
      const current = port;
      port = undefined;
      current?.disconnect();
    },
  };
}

export type BackgroundLink = ReturnType<typeof createBackgroundLink>;
