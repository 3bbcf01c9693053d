// What a panel's hello asks for after many conversations came and went: only the ones whose
// connection the SW held when last heard of. A panel that had followed 65 conversations (all
// later removed) listed every one, the SW's schema refused the hello (at most 64) without a
// word, and the panel reconnected forever ("the service worker did not answer hello").
import { describe, expect, it } from 'vitest';
import { EventLog } from '../../../src/background/event-log';
import { PortHub } from '../../../src/background/port-hub';
import { createBackgroundLink } from '../../../src/panel/background-link';
import { MAX_REMOVED_KEPT, createPanelStore } from '../../../src/panel/store/panel-store';
import { MAX_CONNECTIONS, MAX_HELLO_SUBSCRIPTIONS, PANEL_PORT_NAME, type Command } from '../../../src/shared/port/messages';
import { FakeClock } from '../../fakes/fake-clock';
import { createFakePortPair, type FakePortEnd } from '../../fakes/fake-port';
import { status, until } from './harness';

const ORIGIN = 'chrome-extension://abc';
const SENDER = { id: 'abc', url: `${ORIGIN}/panel.html` };
const keyOf = (i: number) => `http://127.0.0.1:1#conv${i}`;
const statusOf = (i: number) => status('open', { key: keyOf(i), target: { serverUrl: 'http://127.0.0.1:1', conversationId: `conv${i}`, protocol: 'v1-events' } });
const indexOf = (key: string) => Number(key.split('#conv')[1]);

/** A panel linked to an SW whose connections are `logs`; `restartSw` plays an SW restart. */
function setup() {
  const clock = new FakeClock();
  const logs = new Map<string, EventLog>();
  const hellos: { subscriptions: { key: string }[] }[] = [];
  const makeHub = (epoch: string) => new PortHub({
    extensionId: 'abc', extensionOrigin: ORIGIN, epoch, bootedAt: 0,
    source: {
      log: (k) => logs.get(k),
      status: (k) => (logs.has(k) ? statusOf(indexOf(k)) : undefined),
      run: async (command) => (command.name === 'listConnections' ? [...logs.keys()].map((k) => statusOf(indexOf(k))) : undefined),
    },
  });
  let hub = makeHub('E1');
  let swEnd: FakePortEnd | undefined;
  let request: (c: Command) => Promise<unknown> = () => Promise.reject(new Error('no link'));
  const store = createPanelStore({ request: (c) => request(c) });
  const connect = () => {
    const [panelEnd, sw] = createFakePortPair(PANEL_PORT_NAME, SENDER);
    sw.onMessage.addListener((m) => { if ((m as { type: string }).type === 'hello') hellos.push(m as (typeof hellos)[number]); });
    swEnd = sw;
    hub.connect(sw);
    return panelEnd;
  };
  const link = createBackgroundLink({ connect, store, clock, random: () => 0.5 });
  request = link.request;
  link.start();
  return {
    store, logs, hellos, hub: () => hub,
    /** Another panel attaches conversation `i`: the SW tells every panel, which follows it. */
    async attachElsewhere(i: number) {
      logs.set(keyOf(i), new EventLog({ conversationKey: keyOf(i), protocol: 'v1-events', now: () => 0 }));
      hub.broadcast({ type: 'status', status: statusOf(i) });
      await until(() => hub.subscriberCount(keyOf(i)) === 1, `followed ${i}`);
    },
    /** Its connection goes (detached elsewhere, or closed after its grace period). */
    async remove(i: number) {
      logs.delete(keyOf(i));
      hub.connectionRemoved(keyOf(i));
      await until(() => store.conversations.value.find((c) => c.key === keyOf(i))?.removed.value !== false, `removed ${i}`);
    },
    async restartSw() {
      hub = makeHub('E2');
      swEnd!.disconnect();
      await until(() => store.link.state.value === 'reconnecting', 'reconnecting');
      clock.advance(1_000);
      await until(() => store.link.state.value === 'live', `live again (${store.link.detail.value ?? ''})`);
    },
  };
}

describe('the conversations a hello lists', () => {
  it('leave out removed ones, so a panel that saw 65 come and go reconnects after an SW restart', async () => {
    const { store, hellos, attachElsewhere, remove, restartSw } = setup();
    await until(() => store.link.state.value === 'live');
    await attachElsewhere(100); // still held: asked for again
    for (let i = 0; i < 65; i += 1) {
      await attachElsewhere(i);
      await remove(i);
    }
    await restartSw();
    expect(hellos.at(-1)!.subscriptions.map((s) => s.key)).toEqual([keyOf(100)]);
    expect(store.link.detail.value).toBeUndefined();
  });

  it('keep at most MAX_REMOVED_KEPT removed conversations listed, the shown one included, with a notice', async () => {
    const { store, attachElsewhere, remove } = setup();
    await until(() => store.link.state.value === 'live');
    for (let i = 0; i < MAX_REMOVED_KEPT + 3; i += 1) await attachElsewhere(i);
    store.activate(keyOf(0));
    for (let i = 0; i < MAX_REMOVED_KEPT + 3; i += 1) await remove(i);
    // conv0 is shown: it stays; conv1..conv3, removed longest ago besides it, left.
    expect(store.conversations.value.map((c) => indexOf(c.key))).toEqual([0, ...Array.from({ length: MAX_REMOVED_KEPT - 1 }, (_, i) => i + 4)]);
    expect(store.notices.value.filter((n) => n.includes('left the list')).join('\n')).toMatch(new RegExp(`conv1 left the list[^]*conv2 left[^]*conv3 left the list: at most ${MAX_REMOVED_KEPT}`));
  });

  it('follow a removed conversation the restarted SW holds again, from welcome', async () => {
    const { store, logs, hellos, attachElsewhere, remove, restartSw } = setup();
    await until(() => store.link.state.value === 'live');
    await attachElsewhere(7);
    await remove(7);
    logs.set(keyOf(7), new EventLog({ conversationKey: keyOf(7), protocol: 'v1-events', now: () => 0 })); // restored meanwhile
    await restartSw();
    expect(hellos.at(-1)!.subscriptions).toEqual([]);
    await until(() => store.conversations.value.find((c) => c.key === keyOf(7))?.removed.value === false, 'followed again');
  });

  it('stay within what one hello may carry; welcome brings the rest', async () => {
    expect(MAX_HELLO_SUBSCRIPTIONS).toBeGreaterThanOrEqual(2 * MAX_CONNECTIONS); // the SW's connections, with room
    const { store, hub, hellos, attachElsewhere, restartSw } = setup();
    await until(() => store.link.state.value === 'live');
    const count = MAX_HELLO_SUBSCRIPTIONS + 6; // more than an SW holds by default: some went while the port was down
    for (let i = 0; i < count; i += 1) await attachElsewhere(i);
    await restartSw();
    expect(hellos.at(-1)!.subscriptions).toHaveLength(MAX_HELLO_SUBSCRIPTIONS);
    await until(() => Array.from({ length: count }, (_, i) => hub().subscriberCount(keyOf(i))).every((n) => n === 1), 'every one followed');
  });
});
