import { describe, expect, it } from 'vitest';
import { EventLog } from '../../../src/background/event-log';
import { PortHub } from '../../../src/background/port-hub';
import { MAX_HELLO_SUBSCRIPTIONS, PANEL_PORT_NAME, PORT_PROTOCOL_VERSION, type Command } from '../../../src/shared/port/messages';
import type { ConnectionStatus } from '../../../src/shared/connection';
import { createFakePortPair } from '../../fakes/fake-port';
import { decodeFrame } from '../../../src/shared/protocol/decode-frame';
import type { LogRecord } from '../../../src/shared/record';
import { V1_EXAMPLES } from '../../fixtures/protocol/examples';

const ORIGIN = 'chrome-extension://abc';
const OWN = { id: 'abc', url: `${ORIGIN}/panel.html` };

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i += 1) await new Promise<void>((r) => setTimeout(r, 0));
  expect(check()).toBe(true);
}

/** A hub whose one conversation `k` has `log`; `maxMessageChars` plays Chrome's port-message limit. */
function setup(sender: { id?: string; url?: string } = OWN, port: { maxMessageChars?: number } = {}) {
  const log = new EventLog({ conversationKey: 'k', protocol: 'v1-events', now: () => 0 });
  const commands: Command[] = [];
  const hub = new PortHub({
    extensionId: 'abc', extensionOrigin: ORIGIN, epoch: 'E', bootedAt: 1,
    source: {
      log: (key) => (key === 'k' ? log : undefined),
      status: (key) => (key === 'k' ? ({ key } as ConnectionStatus) : undefined),
      run: async (command) => { commands.push(command); if (command.name === 'detach') throw new Error('nope'); return 'done'; },
    },
  });
  const [panelEnd, swEnd] = createFakePortPair(PANEL_PORT_NAME, sender, port);
  const received: { type: string; [k: string]: unknown }[] = [];
  let disconnected = false;
  panelEnd.onMessage.addListener((m) => received.push(m as { type: string }));
  panelEnd.onDisconnect.addListener(() => { disconnected = true; });
  hub.connect(swEnd);
  return { log, hub, panelEnd, received, commands, isDisconnected: () => disconnected };
}

describe('PortHub', () => {
  it('refuses ports from foreign senders', async () => {
    const { isDisconnected } = setup({ id: 'other', url: 'https://evil.example/' });
    await until(isDisconnected);
  });

  it('answers incompatible on a protocol mismatch', async () => {
    const { panelEnd, received } = setup();
    panelEnd.postMessage({ type: 'hello', protocolVersion: PORT_PROTOCOL_VERSION + 1, clientId: 'c', subscriptions: [] });
    await until(() => received.length === 1);
    expect(received[0]?.type).toBe('incompatible');
  });

  it('welcomes, snapshots, streams appended records and serves full records', async () => {
    const { log, hub, panelEnd, received } = setup();
    log.appendInbound({ validity: 'ok', raw: 'x'.repeat(5000), rawEncoding: 'text', size: 5000, frameType: 'event', category: 'other', eventId: 'a', summary: '' }, 'socket');
    panelEnd.postMessage({ type: 'hello', protocolVersion: PORT_PROTOCOL_VERSION, clientId: 'c', subscriptions: [{ key: 'k', lastSeq: -1 }] });
    await until(() => received.length === 2);
    expect(received.map((m) => m.type)).toEqual(['welcome', 'snapshot']);
    expect(received[1]).toMatchObject({ records: [{ rawTruncated: true }] });
    const record = log.appendInbound({ validity: 'ok', raw: '{}', rawEncoding: 'text', size: 2, frameType: 'event', category: 'other', eventId: 'b', summary: '' }, 'socket');
    if (record) hub.recordAppended(record);
    await until(() => received.length === 3);
    expect(received[2]).toMatchObject({ type: 'recordsAppended', records: [{ eventId: 'b' }] });
    panelEnd.postMessage({ type: 'command', requestId: 'r1', command: { name: 'getRecord', key: 'k', seq: 1 } });
    panelEnd.postMessage({ type: 'command', requestId: 'r2', command: { name: 'detach', key: 'k' } });
    await until(() => received.length === 5);
    const full = received.find((m) => m.requestId === 'r1') as unknown as { value: { raw: string } };
    expect(full.value.raw).toHaveLength(5000);
    expect(received.find((m) => m.requestId === 'r2')).toMatchObject({ ok: false, error: 'nope' });
  });
});

describe('PortHub and commands it refuses', () => {
  it('answers a command the schema refuses at once, with the reason, and still runs the next', async () => {
    const { panelEnd, received } = setup();
    panelEnd.postMessage({ type: 'hello', protocolVersion: PORT_PROTOCOL_VERSION, clientId: 'c', subscriptions: [] });
    // A filter text longer than the command allows (the panel's filter box has no such limit).
    panelEnd.postMessage({ type: 'command', requestId: 'r1', command: { name: 'searchPayloads', key: 'k', text: 'x'.repeat(20_000) } });
    panelEnd.postMessage({ type: 'command', requestId: 'r2', command: { name: 'searchPayloads', key: 'k', text: 'x' } });
    panelEnd.postMessage({ type: 'nonsense' }); // no request id: nobody to answer
    await until(() => received.filter((m) => m.type === 'result').length === 2);
    const results = received.filter((m) => m.type === 'result');
    // Before: r1 got nothing; the panel gave up after 15 s with "no answer".
    expect(results[0]).toMatchObject({ requestId: 'r1', ok: false, error: expect.stringMatching(/^refused by the service worker: command\.text: /) });
    expect(results[1]).toMatchObject({ requestId: 'r2', ok: true });
  });
});

describe('PortHub and a hello it refuses', () => {
  it('says goodbye with the reason and closes the port, rather than leave the panel waiting for welcome', async () => {
    const { panelEnd, received, isDisconnected } = setup();
    const subscriptions = Array.from({ length: MAX_HELLO_SUBSCRIPTIONS + 1 }, (_, i) => ({ key: `k${i}`, lastSeq: -1 }));
    panelEnd.postMessage({ type: 'hello', protocolVersion: PORT_PROTOCOL_VERSION, clientId: 'c', subscriptions });
    await until(isDisconnected);
    // Before: nothing at all; the panel gave up on welcome after 10 s and sent the same hello again, forever.
    expect(received).toEqual([{ type: 'goodbye', reason: expect.stringMatching(new RegExp(`^it refused the panel's hello \\(subscriptions: .*${MAX_HELLO_SUBSCRIPTIONS}`)) }]);
  });
});

describe('PortHub and payloads kept in the SW', () => {
  it('lists ordinary events without raw, then serves them in runs and searches their payloads', async () => {
    const { log, panelEnd, received } = setup();
    for (const raw of [V1_EXAMPLES['ActionEvent_TerminalAction']!, V1_EXAMPLES['ObservationEvent_TerminalObservation']!, V1_EXAMPLES['AgentErrorEvent']!]) {
      log.appendInbound(decodeFrame('v1-events', raw), 'socket');
    }
    panelEnd.postMessage({ type: 'hello', protocolVersion: PORT_PROTOCOL_VERSION, clientId: 'c', subscriptions: [{ key: 'k', lastSeq: -1 }] });
    await until(() => received.length === 2);
    const listed = (received[1] as unknown as { records: LogRecord[] }).records;
    expect(listed.map((r) => [r.seq, r.raw === '', r.rawTruncated ?? false])).toEqual([[1, true, true], [2, true, true], [3, false, false]]);

    const ask = (requestId: string, command: unknown) => panelEnd.postMessage({ type: 'command', requestId, command });
    ask('all', { name: 'getRecords', key: 'k', seqs: [2, 1, 99] });
    ask('text', { name: 'searchPayloads', key: 'k', text: 'pytest -q' });
    ask('regex', { name: 'searchPayloads', key: 'k', text: '/"kind":"(Action|AgentError)Event"/', afterSeq: 0 });
    ask('after', { name: 'searchPayloads', key: 'k', text: 'pytest -q', afterSeq: 1 });
    ask('bad', { name: 'searchPayloads', key: 'k', text: '/(/', afterSeq: -1 });
    await until(() => received.length === 7);
    const answer = (id: string) => received.find((m) => m.requestId === id) as unknown as { ok: boolean; value: unknown; error?: string };
    expect((answer('all').value as { records: LogRecord[] }).records.map((r) => [r.seq, r.raw === log.get(r.seq)!.raw])).toEqual([[2, true], [1, true]]);
    const raws = [1, 2].map((seq) => log.get(seq)!.raw);
    expect(raws.every((raw) => raw.includes('pytest -q'))).toBe(true);
    expect(answer('text').value).toEqual({ throughSeq: 3, seqs: [1, 2] });
    // The agent error's raw is in the panel, so the SW leaves it to the panel's own test.
    expect(answer('regex').value).toEqual({ throughSeq: 3, seqs: [1] });
    expect(answer('after').value).toEqual({ throughSeq: 3, seqs: [2] });
    ask('empty', { name: 'searchPayloads', key: 'k', text: 'pytest -q', afterSeq: 3 });
    await until(() => received.length === 8);
    expect(answer('empty').value).toEqual({ seqs: [] }); // nothing after 3: nothing searched
    expect(answer('bad')).toMatchObject({ ok: false, error: expect.stringMatching(/^Invalid regular expression/) });
  });
});

describe('PortHub after an SW restart', () => {
  it('answers hello only once the restored connections exist (messages keep their order)', async () => {
    let restore: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => { restore = resolve; });
    let restoredLog: EventLog | undefined;
    const hub = new PortHub({
      extensionId: 'abc', extensionOrigin: ORIGIN, epoch: 'E2', bootedAt: 2, ready,
      source: {
        log: (key) => (key === 'k' ? restoredLog : undefined),
        status: (key) => (key === 'k' && restoredLog ? ({ key } as ConnectionStatus) : undefined),
        run: async () => 'done',
      },
    });
    const [panelEnd, swEnd] = createFakePortPair(PANEL_PORT_NAME, OWN);
    const received: { type: string }[] = [];
    panelEnd.onMessage.addListener((m) => received.push(m as { type: string }));
    hub.connect(swEnd);
    panelEnd.postMessage({ type: 'hello', protocolVersion: PORT_PROTOCOL_VERSION, clientId: 'c', subscriptions: [{ key: 'k', lastSeq: 5, epoch: 'E1' }] });
    panelEnd.postMessage({ type: 'command', requestId: 'r', command: { name: 'listConnections' } });
    for (let i = 0; i < 10; i += 1) await new Promise<void>((r) => setTimeout(r, 0));
    expect(received).toEqual([]);
    restoredLog = new EventLog({ conversationKey: 'k', protocol: 'v1-events', now: () => 0 });
    restore();
    await until(() => received.length === 4);
    expect(received.map((m) => m.type)).toEqual(['welcome', 'reset', 'snapshot', 'result']);
  });
});

describe('PortHub and a message the port will not take (Chrome throws over 64 MiB)', () => {
  const LIMIT = 3_000;
  const hello = (subscriptions: { key: string; lastSeq: number }[]) => ({ type: 'hello', protocolVersion: PORT_PROTOCOL_VERSION, clientId: 'c', subscriptions });
  /** A record the panel holds whole up to its 4,096-character preview: its listing passes LIMIT. */
  const kept = (raw: string) => ({ validity: 'ok' as const, raw, rawEncoding: 'text' as const, size: raw.length, frameType: 'event' as const, category: 'other' as const, summary: '' });

  it('answers a request whose answer cannot be sent with the reason, and stays connected', async () => {
    const { log, panelEnd, received, isDisconnected } = setup(OWN, { maxMessageChars: LIMIT });
    log.appendInbound(kept('x'.repeat(10_000)), 'socket');
    panelEnd.postMessage(hello([]));
    panelEnd.postMessage({ type: 'command', requestId: 'big', command: { name: 'getRecord', key: 'k', seq: 1 } });
    panelEnd.postMessage({ type: 'command', requestId: 'next', command: { name: 'listConnections' } });
    await until(() => received.filter((m) => m.type === 'result').length === 2);
    // Before: no answer at all (the panel waited 15 s), and the hub had forgotten the panel.
    expect(received.find((m) => m.requestId === 'big')).toMatchObject({
      ok: false, error: expect.stringMatching(/could not send result to the panel \(Message exceeded maximum allowed size of 64MiB\.\)/),
    });
    expect(received.find((m) => m.requestId === 'next')).toMatchObject({ ok: true, value: 'done' });
    expect(isDisconnected()).toBe(false);
  });

  it('says goodbye with the reason and closes the port when a snapshot cannot be sent', async () => {
    const { log, hub, panelEnd, received, commands, isDisconnected } = setup(OWN, { maxMessageChars: LIMIT });
    log.appendInbound(kept('x'.repeat(10_000)), 'socket');
    panelEnd.postMessage(hello([{ key: 'k', lastSeq: -1 }]));
    await until(isDisconnected);
    // Before: the port stayed open, the panel said live and nothing reached it again.
    expect(received.map((m) => m.type)).toEqual(['welcome', 'goodbye']);
    expect(received[1]).toMatchObject({ reason: expect.stringMatching(/could not send snapshot to the panel \(Message exceeded/) });
    expect(hub.subscriberCount('k')).toBe(0);
    // Never subscribed with the manager, so nothing to unsubscribe: the connection's count stays right.
    expect(commands.filter((c) => c.name === 'subscribe' || c.name === 'unsubscribe')).toEqual([]);
  });

  it('releases a live panel whose records cannot be sent: its connection loses the subscriber', async () => {
    const { log, hub, panelEnd, received, commands, isDisconnected } = setup(OWN, { maxMessageChars: LIMIT });
    panelEnd.postMessage(hello([{ key: 'k', lastSeq: -1 }]));
    await until(() => received.some((m) => m.type === 'snapshot'));
    const record = log.appendInbound(kept('x'.repeat(10_000)), 'socket');
    if (record) hub.recordAppended(record);
    await until(isDisconnected);
    expect(received.at(-1)).toMatchObject({ type: 'goodbye', reason: expect.stringMatching(/could not send recordsAppended/) });
    expect(hub.subscriberCount('k')).toBe(0);
    await until(() => commands.some((c) => c.name === 'unsubscribe'));
    expect(commands.map((c) => c.name)).toEqual(['subscribe', 'unsubscribe']);
  });

  it('a panel subscribing again to what it follows stays counted once: balanced when it leaves', async () => {
    const { panelEnd, received, commands } = setup();
    panelEnd.postMessage(hello([{ key: 'k', lastSeq: -1 }]));
    await until(() => received.some((m) => m.type === 'snapshot'));
    panelEnd.postMessage({ type: 'command', requestId: 'r1', command: { name: 'subscribe', key: 'k', lastSeq: -1 } });
    await until(() => received.some((m) => m.type === 'result'));
    panelEnd.disconnect();
    const count = () => commands.filter((c) => c.name === 'subscribe').length - commands.filter((c) => c.name === 'unsubscribe').length;
    await until(() => commands.filter((c) => c.name === 'subscribe').length === 2 && count() === 0);
  });
});
