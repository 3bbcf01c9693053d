// The link against a scripted SW end: malformed envelopes, incompatible versions, command
// timeouts and queueing, resync, and a port that cannot be opened (extension reloaded).
import { describe, expect, it } from 'vitest';
import { createBackgroundLink } from '../../../src/panel/background-link';
import { createPanelStore } from '../../../src/panel/store/panel-store';
import { PORT_PROTOCOL_VERSION } from '../../../src/shared/port/messages';
import { FakeClock } from '../../fakes/fake-clock';
import { createFakePortPair, type FakePortEnd } from '../../fakes/fake-port';
import { KEY, frame, status, until } from './harness';

type Message = { type: string; [k: string]: unknown };

function scripted(connect?: () => FakePortEnd) {
  const clock = new FakeClock();
  const inbox: Message[] = [];
  let swEnd: FakePortEnd | undefined;
  const open = () => {
    const [panelEnd, sw] = createFakePortPair('conversation-devtools/panel');
    sw.onMessage.addListener((m) => inbox.push(m as Message));
    swEnd = sw;
    return panelEnd;
  };
  let request: (c: Parameters<ReturnType<typeof createBackgroundLink>['request']>[0]) => Promise<unknown> = () => Promise.reject(new Error('x'));
  const store = createPanelStore({ request: (c) => request(c) });
  const link = createBackgroundLink({ connect: connect ?? open, store, clock, random: () => 0.5, requestTimeoutMs: 1_000 });
  request = link.request;
  link.start();
  const send = (m: unknown) => swEnd!.postMessage(m);
  const welcome = (epoch = 'E') => send({ type: 'welcome', protocolVersion: PORT_PROTOCOL_VERSION, epoch, bootedAt: 0 });
  const commands = () => inbox.filter((m) => m.type === 'command') as unknown as { requestId: string; command: { name: string } }[];
  return { clock, store, link, inbox, send, welcome, commands };
}

const record = (seq: number, id: string) => ({ ...frame(id), seq, conversationKey: KEY, direction: 'in', receivedAt: 0, protocol: 'v1-events' });
const snapshot = (records: unknown[], done = true) => ({ type: 'snapshot', key: KEY, status: status(), records, droppedBefore: 0, done });

describe('background link edges', () => {
  it('shows a malformed envelope as a notice and a counter, and stays live', async () => {
    const { store, welcome, send } = scripted();
    welcome();
    await until(() => store.link.state.value === 'live');
    send({ type: 'recordsAppended', key: 42 });
    send({ type: 'nonsense' });
    await until(() => store.link.badEnvelopes.value === 2);
    expect(store.notices.value[0]).toMatch(/malformed message from the service worker \(recordsAppended\)/);
    expect(store.link.state.value).toBe('live');
  });

  it('goes incompatible (terminal, visible) when the SW speaks another protocol version', async () => {
    const { store, send, clock, link } = scripted();
    send({ type: 'incompatible', expected: PORT_PROTOCOL_VERSION + 1, got: PORT_PROTOCOL_VERSION });
    await until(() => store.link.state.value === 'incompatible');
    expect(store.link.detail.value).toMatch(new RegExp(`protocol v${PORT_PROTOCOL_VERSION}, the service worker v${PORT_PROTOCOL_VERSION + 1}`));
    clock.advance(60_000);
    expect(store.link.state.value).toBe('incompatible');
    await expect(link.request({ name: 'listConnections' })).rejects.toThrow(/Reload the extension/);
  });

  it('says so when the extension context is gone (runtime.connect throws)', () => {
    const { store } = scripted(() => { throw new Error('Extension context invalidated.'); });
    expect(store.link.state.value).toBe('incompatible');
    expect(store.link.detail.value).toMatch(/reloaded or removed.*Extension context invalidated/);
  });

  it('queues commands until welcome, pairs results by requestId, and times out silent ones', async () => {
    const { store, link, welcome, send, commands, clock } = scripted();
    const first = link.request({ name: 'reconnectNow', key: KEY });
    const second = link.request({ name: 'disconnect', key: KEY });
    await Promise.resolve();
    expect(commands()).toHaveLength(0);
    welcome();
    await until(() => commands().length >= 3, 'queued commands sent after welcome (plus listConnections)');
    const [a, b] = commands().filter((c) => c.command.name !== 'listConnections');
    send({ type: 'result', requestId: b!.requestId, ok: false, error: 'no connection' });
    send({ type: 'result', requestId: a!.requestId, ok: true, value: 7 });
    await expect(first).resolves.toBe(7);
    await expect(second).rejects.toThrow('no connection');
    // Chrome's JSON port serialization drops `value: undefined`: still a valid result.
    const nothing = link.request({ name: 'unsubscribe', key: KEY });
    await until(() => commands().some((c) => c.command.name === 'unsubscribe'));
    send({ type: 'result', requestId: commands().find((c) => c.command.name === 'unsubscribe')!.requestId, ok: true });
    await expect(nothing).resolves.toBeUndefined();
    expect(store.link.badEnvelopes.value).toBe(0);
    const silent = link.request({ name: 'clearLog', key: KEY });
    clock.advance(1_000);
    await expect(silent).rejects.toThrow(/no answer to clearLog within 1000 ms/);
    expect(store.link.state.value).toBe('live');
  });

  it('shows why the SW closed the port (goodbye), fails what was sent on it, and reconnects', async () => {
    const { store, link, inbox, welcome, send, commands, clock } = scripted();
    welcome();
    await until(() => store.link.state.value === 'live');
    const asked = link.request({ name: 'getRecords', key: KEY, seqs: [1] });
    await until(() => commands().some((c) => c.command.name === 'getRecords'));
    const reason = 'the service worker could not send snapshot to the panel (Message exceeded maximum allowed size of 64MiB.)';
    send({ type: 'goodbye', reason });
    // Before: a port the SW had forgotten; the panel said live and waited on it for good.
    await expect(asked).rejects.toThrow(`The service worker closed the connection: ${reason}`);
    expect(store.link.state.value).toBe('reconnecting');
    expect(store.link.detail.value).toBe(`The service worker closed the connection: ${reason}`);
    expect(store.notices.value).toContain(`The service worker closed the connection: ${reason}`);
    clock.advance(1_000);
    await until(() => inbox.filter((m) => m.type === 'hello').length === 2, 'hello again on a new port');
    welcome();
    await until(() => store.link.state.value === 'live');
    expect(store.link.detail.value).toBeUndefined();
  });

  it('answers resync by re-subscribing from the last seq held, and applies reset, update and clear', async () => {
    const { store, welcome, send, commands } = scripted();
    welcome('E');
    send({ type: 'status', status: status() });
    await until(() => commands().some((c) => c.command.name === 'subscribe'));
    send(snapshot([record(1, 'a'), record(2, 'b')]));
    await until(() => store.active.value?.source.records.length === 2);
    send({ type: 'resync', key: KEY, reason: 'panel fell behind' });
    await until(() => commands().filter((c) => c.command.name === 'subscribe').length === 2);
    const last = commands().filter((c) => c.command.name === 'subscribe').pop()!.command;
    expect(last).toMatchObject({ name: 'subscribe', key: KEY, lastSeq: 2, epoch: 'E' });
    expect(commands().some((c) => c.command.name === 'unsubscribe')).toBe(true);
    send(snapshot([record(2, 'b'), record(3, 'c')]));
    await until(() => store.active.value?.source.records.length === 3);

    const conversation = store.active.value!;
    send({ type: 'recordsUpdated', key: KEY, records: [{ ...record(3, 'c'), summary: 'grown' }] });
    await until(() => conversation.source.records[2]?.summary === 'grown');
    const generation = conversation.source.generation.value;
    send({ type: 'reset', key: KEY, reason: 'evicted' });
    send({ ...snapshot([record(500, 'z')]), droppedBefore: 499 });
    await until(() => conversation.source.records.length === 1);
    expect(conversation.source.droppedBefore.value).toBe(499);
    expect(conversation.source.generation.value).toBeGreaterThan(generation);
    send({ type: 'logCleared', key: KEY });
    await until(() => conversation.source.records.length === 0);
  });
});
