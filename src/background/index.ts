// Service worker entry (Chrome) / background script (Firefox): wiring only.
// Debug hook for tests (read-only): `self.__cdt` — epoch, keys(), status(key), eventIds(key), counters(key),
// cursor(key), records(key), transitions(key), dump(key).
import '../shared/zod-config';
import browser from 'webextension-polyfill';
import { io } from 'socket.io-client';
import { ConnectionTargetSchema } from '../shared/connection';
import type { Clock, WebSocketLike } from './contracts';
import { ConnectionManager } from './connection-manager';
import { runManagerCommand } from './connection-manager-commands';
import { createWiredConnection } from './conversation-socket-factory';
import { KeepAlive } from './keepalive';
import { KeyStore } from './key-store';
import { Persistence } from './persistence';
import { PortHub } from './port-hub';
import { fetchNoticingSiteAccess, siteAccessChecker } from './site-access';

const epoch = crypto.randomUUID();
const bootedAt = Date.now();
const clock: Clock = { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h) };
const keyStore = new KeyStore(browser.storage.session);

const keepAlive = new KeepAlive(clock, () => browser.runtime.getPlatformInfo());
const REVIVE_ALARM = 'cdt-revive';
let hub: PortHub | undefined;
const hasSiteAccess = siteAccessChecker((permissions) => browser.permissions.contains(permissions));
const fetchFromSw = fetchNoticingSiteAccess((input, init) => fetch(input, init), hasSiteAccess);
const manager = new ConnectionManager({
  clock,
  keyStore,
  fetch: fetchFromSw,
  createConnection: (target, sink, getSessionKey, { initialCursor, policy }) => createWiredConnection({
    target, sink, clock, getSessionKey, initialCursor, policy, tailFirstAbove: policy?.tailFirstAbove,
    fetch: fetchFromSw,
    // The DOM WebSocket's handler types are wider than the seam's; the shapes match at run time.
    createWebSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
    createSocketIo: (origin, options) => io(origin, { ...options, transports: ['websocket'], reconnection: false }),
    isOnline: () => navigator.onLine,
  }),
  onRecord: (record) => {
    persistence.markDirty();
    hub?.recordAppended(record);
  },
  onRecordUpdated: (record) => hub?.recordUpdated(record),
  onRecordsPrepended: (key, records) => hub?.recordsPrepended(key, records),
  onLogCleared: (key) => hub?.logCleared(key),
  onStatus: (status) => {
    persistence.noteStatus(status);
    keepAlive.update(true);
    hub?.broadcast({ type: 'status', status });
  },
  onRemoved: (key) => {
    persistence.noteRemoved(key);
    keepAlive.update(manager.keys().length > 0);
    hub?.connectionRemoved(key);
  },
});

const persistence = new Persistence(browser.storage.session, clock, () => manager.persisted());

// A restarted SW resumes every connection it had; panels reconcile through hello (new epoch),
// which the hub answers only once this is done.
const restored = persistence.load().then((saved) => Promise.all(saved.map((connection) =>
  manager.restore(connection).catch((error: unknown) => console.error('restore failed', error)))));
persistence.holdWritesUntil(restored);

hub = new PortHub({
  extensionId: browser.runtime.id,
  extensionOrigin: new URL(browser.runtime.getURL('/')).origin,
  epoch,
  bootedAt,
  // One port message per ~frame, not per WebSocket message: a flood arrives one task per frame.
  flushDelayMs: 16,
  ready: restored,
  source: {
    log: (key) => manager.log(key),
    status: (key) => manager.status(key),
    run: (command) => runManagerCommand(manager, command, {
      fetch: fetchFromSw,
      hasSiteAccess,
      openTab: (path) => browser.tabs.create({ url: browser.runtime.getURL(path) }).then(() => undefined),
    }),
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
    cursor: (key: string) => manager.connection(key)?.cursor(),
    /** Compact view of every held record (no raw text). */
    records: (key: string) => (manager.log(key)?.since(-1) ?? []).map((r) => ({
      seq: r.seq, receivedAt: r.receivedAt, direction: r.direction, eventId: r.eventId, kind: r.kind, frameType: r.frameType, validity: r.validity,
      outgoing: r.outgoing, streamItem: r.streamItem, meta: r.meta,
    })),
    /** The connection story (own ring, survives a flood). */
    transitions: (key: string) => (manager.log(key)?.metaRecords() ?? []).map((r) => r.meta),
    /** Everything the SW holds about a conversation as one string, for leak checks. */
    dump: (key: string) => JSON.stringify({ records: manager.log(key)?.since(-1), meta: manager.log(key)?.metaRecords(), status: manager.status(key) }),
  },
});

// Defined by `scripts/build.mjs --autoconnect`; absent from builds without the flag.
const autoconnect = typeof __AUTOCONNECT__ === 'string' ? __AUTOCONNECT__ : '';
if (autoconnect !== '') {
  const target = ConnectionTargetSchema.parse(JSON.parse(autoconnect));
  manager.attach(target, undefined, { keepCapturing: true }).catch((error: unknown) => console.error('autoconnect failed', error));
}
