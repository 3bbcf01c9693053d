import { describe, expect, it } from 'vitest';
import { ConnectionManager } from '../../../src/background/connection-manager';
import type { ConversationConnection, ConversationSink, SocketStatus } from '../../../src/background/contracts';
import { memorySessionArea } from '../../fakes/memory-session-area';
import { KeyStore } from '../../../src/background/key-store';
import type { ConnectionTarget } from '../../../src/shared/connection';
import { FakeClock } from '../../fakes/fake-clock';

function stubConnection(target: ConnectionTarget, log: string[]): ConversationConnection {
  const status: SocketStatus = { state: 'idle', attempt: 0, historyLoading: false };
  return {
    key: target.conversationId, target,
    start: () => { status.state = 'connecting'; log.push(`start ${target.conversationId}`); },
    reconnectNow: () => { status.state = 'connecting'; log.push(`reconnect ${target.conversationId}`); }, disconnect: () => undefined,
    send: () => ({ ok: false, error: 'stub' }), status: () => status, cursor: () => undefined,
    dispose: () => { log.push(`dispose ${target.conversationId}`); },
  };
}

function setup(maxConnections = 16) {
  const clock = new FakeClock();
  const data = new Map<string, unknown>();
  const keyStore = new KeyStore(memorySessionArea(data));
  const events: string[] = [];
  const statuses: string[] = [];
  const manager = new ConnectionManager({
    clock, keyStore, graceMs: 1000, maxConnections,
    createConnection: (target) => stubConnection(target, events),
    onRecord: () => undefined, onStatus: (s) => statuses.push(JSON.stringify(s)), onRemoved: (k) => events.push(`removed ${k}`),
  });
  return { clock, manager, events, statuses, data };
}
/** Lets pending storage reads (the key store's) settle. */
const barrier = async () => { for (let i = 0; i < 5; i++) await Promise.resolve(); };
const target = (id: string): ConnectionTarget => ({ serverUrl: 'http://127.0.0.1:3000', conversationId: id, protocol: 'v1-events' });

describe('ConnectionManager', () => {
  it('shares one connection per conversation', async () => {
    const { manager, events } = setup();
    const a = await manager.attach(target('c1'));
    const b = await manager.attach(target('c1'));
    expect(a).toBe(b);
    expect(events.filter((e) => e.startsWith('start'))).toHaveLength(1);
  });

  it('attaching again with a key reconnects a connection that failed, with it; without a key only when the person asks', async () => {
    const { manager, events } = setup();
    const key = await manager.attach(target('c1'));
    const status = manager.connection(key)!.status();
    status.state = 'failed'; // the server refused the missing key (4001)
    await manager.attach(target('c1')); // the SW's own attach (autoconnect, discovery)
    expect(events).not.toContain('reconnect c1');
    await manager.attach(target('c1'), 'sk-now-with-key');
    expect(events).toContain('reconnect c1');
    expect(manager.status(key)?.state).toBe('connecting');
    expect(manager.status(key)?.hasKey).toBe(true);
  });

  it('the person attaching a failed connection again (site access granted, say) tries it again, key or not', async () => {
    const { manager, events } = setup();
    const key = await manager.attach(target('c1'));
    manager.connection(key)!.status().state = 'backoff';
    await manager.attach(target('c1'), undefined, { byPerson: true });
    expect(events).not.toContain('reconnect c1'); // its next try is on its way
    manager.connection(key)!.status().state = 'failed';
    await manager.attach(target('c1'), undefined, { byPerson: true });
    expect(events).toContain('reconnect c1');
  });

  it('refuses to attach again with another chosen protocol, changing nothing; auto takes what is in use', async () => {
    const { manager, events, data } = setup();
    const key = await manager.attach({ ...target('c1'), protocol: 'v1-session' }, 'sk-good');
    await expect(manager.attach(target('c1'), 'sk-typo')).rejects.toThrow('already attached with protocol v1-session: detach it first to attach with v1-events');
    expect([...data.values()]).toContain('sk-good');
    expect([...data.values()]).not.toContain('sk-typo');
    // The dialog's default and a deep link's: auto. Fixing a refused key that way reconnects.
    manager.connection(key)!.status().state = 'failed';
    expect(await manager.attach({ ...target('c1'), protocol: 'auto' }, 'sk-now')).toBe(key);
    expect(events).toContain('reconnect c1');
  });

  it('closes after the grace period when nobody subscribes, not while subscribed', async () => {
    const { manager, events, clock } = setup();
    const key = await manager.attach(target('c1'));
    manager.subscribe(key);
    clock.advance(5000);
    expect(manager.keys()).toEqual([key]);
    manager.unsubscribe(key);
    clock.advance(999);
    expect(manager.keys()).toEqual([key]);
    clock.advance(1);
    expect(manager.keys()).toEqual([]);
    expect(events).toContain('dispose c1');
  });

  it('keeps capturing with nobody subscribed when asked, and says so in the status', async () => {
    const { manager, clock } = setup();
    const key = await manager.attach(target('c1'), undefined, { keepCapturing: true });
    clock.advance(10_000);
    expect(manager.status(key)).toMatchObject({ keepCapturing: true, subscribers: 0 });
  });

  it('refuses connections past the cap with a clear error', async () => {
    const { manager } = setup(1);
    await manager.attach(target('c1'));
    await expect(manager.attach(target('c2'))).rejects.toThrow(/too many connections/);
  });

  it('keeps the key in the key store only, never in status, and forgets it', async () => {
    const { manager, statuses, data } = setup();
    const key = await manager.attach(target('c1'), 'sk-secret-123');
    manager.subscribe(key);
    expect(manager.status(key)?.hasKey).toBe(true);
    expect(statuses.join('')).not.toContain('sk-secret-123');
    await manager.forgetKey(key);
    expect(manager.status(key)?.hasKey).toBe(false);
    expect([...data.values()]).not.toContain('sk-secret-123');
  });

  it('says a restored connection has a key when its key is in storage.session (an SW restart keeps it there)', async () => {
    const before = setup();
    const key = await before.manager.attach(target('c1'), 'sk-secret-123');
    const saved = before.manager.persisted();
    const after = setup();
    after.data.clear();
    for (const [k, v] of before.data) after.data.set(k, v); // storage.session outlives the SW
    await after.manager.restore(saved[0]!);
    await barrier();
    expect(after.manager.status(key)?.hasKey).toBe(true);
    expect(after.statuses.join('')).not.toContain('sk-secret-123');
  });

  it('after an SW restart, a connection that was disconnected or had failed stays stopped until asked', async () => {
    const before = setup();
    const open = await before.manager.attach(target('open'));
    const closed = await before.manager.attach(target('closed'));
    const failed = await before.manager.attach(target('failed'));
    // What the socket reports after Disconnect, and after a terminal close (4001: no key).
    before.manager.connection(closed)!.status().state = 'closed';
    Object.assign(before.manager.connection(failed)!.status(), { state: 'failed', failedReason: 'closed with 4001' });
    const saved = before.manager.persisted();
    expect(saved.map((c) => c.stopped)).toEqual([undefined, { state: 'closed', reason: 'disconnected' }, { state: 'failed', reason: 'closed with 4001' }]);

    const after = setup();
    for (const connection of saved) await after.manager.restore(connection);
    // Before: all three started again, the disconnected one against the person's choice.
    expect(after.events.filter((e) => e.startsWith('start'))).toEqual(['start open']);
    expect(after.manager.status(failed)?.state).toBe('idle');
    expect(after.manager.log(failed)?.metaRecords().map((r) => r.meta && 'message' in r.meta ? r.meta.message : '')).toEqual([
      'restored without connecting: it was failed (closed with 4001) before the service worker restarted; Connect resumes it',
    ]);
    expect(after.manager.log(closed)?.metaRecords()[0]?.summary).toBe('restored stopped');
    // Restarted again before anyone pressed Connect: still stopped. Once started: no longer.
    expect(after.manager.persisted().map((c) => c.stopped?.state)).toEqual([undefined, 'closed', 'failed']);
    after.manager.connection(closed)!.status().state = 'connecting';
    expect(after.manager.persisted().map((c) => c.stopped?.state)).toEqual([undefined, undefined, 'failed']);
    expect(after.manager.keys()).toEqual([open, closed, failed]);
  });

  it('attaches no sub-conversations for a conversation detached while its info request was out', async () => {
    const clock = new FakeClock();
    const keyStore = new KeyStore(memorySessionArea(new Map()));
    let answerInfo: ((response: Response) => void) | undefined;
    const sinks = new Map<string, ConversationSink>();
    // Discovery reads the key once the info has come: after that read (and the microtasks
    // behind it) it has either attached the sub-conversations or not.
    let keyRead = false;
    const get = keyStore.get.bind(keyStore);
    keyStore.get = (k) => get(k).finally(() => { keyRead = true; });
    const manager = new ConnectionManager({
      clock, keyStore, graceMs: 1000,
      fetch: () => new Promise<Response>((resolve) => { answerInfo = resolve; }),
      createConnection: (t, sink) => {
        sinks.set(t.conversationId, sink);
        return stubConnection(t, []);
      },
      onRecord: () => undefined, onStatus: () => undefined, onRemoved: () => undefined,
    });
    const key = await manager.attach(target('parent'));
    manager.subscribe(key);
    const open: SocketStatus = { state: 'open', attempt: 0, historyLoading: false, generation: 'v1-events' };
    sinks.get('parent')!.statusChanged(open); // first open: discovery asks for the conversation's info
    await until(() => answerInfo !== undefined);
    manager.detach(key);
    answerInfo!(Response.json({ id: 'parent', title: 't', sub_conversation_ids: ['child'] }));
    await until(() => keyRead);
    await new Promise<void>((resolve) => { setTimeout(resolve, 0); }); // the microtasks behind the read
    // Before: the child was attached, following a parent no panel holds, and never closed.
    expect(manager.keys()).toEqual([]);
  });
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i += 1) await new Promise<void>((resolve) => { setTimeout(resolve, 0); });
  expect(check()).toBe(true);
}
