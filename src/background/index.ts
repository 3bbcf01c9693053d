// Service worker entry (Chrome) / background script (Firefox): wiring only.
// Debug hook for tests (read-only): `self.__cdt` — keys(), status(key), eventIds(key), counters(key), epoch.
import browser from 'webextension-polyfill';
import { io } from 'socket.io-client';
import { ConnectionTargetSchema } from '../shared/connection';
import type { Clock, WebSocketLike } from './contracts';
import { ConnectionManager } from './connection-manager';
import { runManagerCommand } from './connection-manager-commands';
import { createWiredConnection } from './conversation-socket-factory';
import { KeepAlive } from './keepalive';
import { KeyStore } from './key-store';
import { PortHub } from './port-hub';

const epoch = crypto.randomUUID();
const bootedAt = Date.now();
const clock: Clock = { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h) };
const keyStore = new KeyStore(browser.storage.session);

const keepAlive = new KeepAlive(clock, () => browser.runtime.getPlatformInfo());
const REVIVE_ALARM = 'cdt-revive';
let hub: PortHub | undefined;
const manager = new ConnectionManager({
  clock,
  keyStore,
  createConnection: (target, sink, getSessionKey) => createWiredConnection({
    target, sink, clock, getSessionKey,
    fetch: (input, init) => fetch(input, init),
    // The DOM WebSocket's handler types are wider than the seam's; the shapes match at run time.
    createWebSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
    createSocketIo: (origin, options) => io(origin, { ...options, transports: ['websocket'], reconnection: false }),
    isOnline: () => navigator.onLine,
  }),
  onRecord: (record) => hub?.recordAppended(record),
  onStatus: (status) => {
    keepAlive.update(true);
    hub?.broadcast({ type: 'status', status });
  },
  onRemoved: (key) => {
    keepAlive.update(manager.keys().length > 0);
    hub?.broadcast({ type: 'connectionRemoved', key });
  },
});

hub = new PortHub({
  extensionId: browser.runtime.id,
  extensionOrigin: new URL(browser.runtime.getURL('/')).origin,
  epoch,
  bootedAt,
  source: {
    log: (key) => manager.log(key),
    status: (key) => manager.status(key),
    run: (command) => runManagerCommand(manager, command),
  },
});
browser.runtime.onConnect.addListener((port) => hub?.connect(port));
// Waking the SW is all the alarm is for: the listener's existence makes Chrome start us.
browser.alarms.create(REVIVE_ALARM, { periodInMinutes: 0.5 });
browser.alarms.onAlarm.addListener(() => undefined);

Object.assign(globalThis, {
  __cdt: {
    epoch,
    keys: () => manager.keys(),
    status: (key: string) => manager.status(key),
    counters: (key: string) => manager.log(key)?.counters(),
    eventIds: (key: string) => manager.log(key)?.eventIdList() ?? [],
  },
});

// Defined by `scripts/build.mjs --autoconnect`; absent from builds without the flag.
const autoconnect = typeof __AUTOCONNECT__ === 'string' ? __AUTOCONNECT__ : '';
if (autoconnect !== '') {
  const target = ConnectionTargetSchema.parse(JSON.parse(autoconnect));
  manager.attach(target, undefined, { keepCapturing: true }).catch((error: unknown) => console.error('autoconnect failed', error));
}
