import { describe, expect, it } from 'vitest';
import { ExecutionWatch } from '../../../src/background/resume/execution-watch';
import { createWiredConnection } from '../../../src/background/conversation-socket-factory';
import type { FetchLike } from '../../../src/background/contracts';
import type { Generation } from '../../../src/shared/protocol/generation';
import { FakeClock } from '../../fakes/fake-clock';
import { fakeWebSocketFactory } from '../../fakes/fake-websocket';
import { FakeSocketIo } from '../../fakes/fake-socketio';
import { RecordingSink } from './harness';

const update = (key: string, value: unknown) => JSON.stringify({ kind: 'ConversationStateUpdateEvent', id: `s-${key}`, timestamp: 't', source: 'environment', key, value });

describe('ExecutionWatch', () => {
  const watch = (generation: Exclude<Generation, 'v0-socketio'>) => new ExecutionWatch(() => generation);

  it('follows execution_status on the events socket, alone or inside full_state', () => {
    const w = watch('v1-events');
    w.note(update('full_state', { execution_status: 'running', title: 'x' }));
    expect(w.running()).toBe(true);
    w.note(update('execution_status', 'finished'));
    expect(w.running()).toBe(false);
  });

  it('reads the event inside a session-socket envelope', () => {
    const w = watch('v1-session');
    w.note(JSON.stringify({ type: 'durable', seq: 3, event: JSON.parse(update('execution_status', 'running')) }));
    expect(w.running()).toBe(true);
  });
});

describe('liveness as the extension wires it (no isRunning passed)', () => {
  const settle = async () => { for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r)); };
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
  const fetch: FetchLike = async (url) => {
    if (url.endsWith('/alive')) return json({ status: 'ok' });
    if (url.includes('/events/count')) return json(0);
    if (url.includes('/events/search')) return json({ items: [], next_page_id: null });
    return json({ detail: 'nope' }, 404);
  };

  // No server sends a heartbeat (§1.8): a socket silent for 45 s while the agent runs is dead.
  it('reconnects a socket silent while the frames said the agent runs, and not one silent while it is idle', async () => {
    const clock = new FakeClock();
    const sink = new RecordingSink();
    const sockets = fakeWebSocketFactory();
    const connection = createWiredConnection({
      target: { serverUrl: 'http://agent.example:8000', conversationId: '00000000-0000-4000-8000-0000000000c1', protocol: 'v1-events' },
      sink, clock, fetch, createWebSocket: sockets.create,
      createSocketIo: () => { throw new Error('unused'); },
      getSessionKey: async () => undefined, random: () => 0.5,
    });
    connection.start();
    await settle();
    sockets.last().serverOpen();
    await settle();
    sockets.last().serverSend(JSON.parse(update('execution_status', 'idle')));
    clock.advance(200_000);
    await settle();
    expect(connection.status().state).toBe('open');
    sockets.last().serverSend(JSON.parse(update('execution_status', 'running')));
    clock.advance(46_000);
    await settle();
    expect(sink.transitions()).toContain('open>closed');
    expect(sink.metas.some((m) => m.type === 'note' && m.message.includes('while running'))).toBe(true);
    connection.dispose();
  });

  // Socket.IO has its own heartbeat (Engine.IO pings): a V0 command running for minutes, with no
  // oh_event meanwhile, is no dead socket, and closing it every 45 s only made noise and replays.
  it('leaves a V0 socket alone while its agent runs a long command', async () => {
    const clock = new FakeClock();
    const sink = new RecordingSink();
    const ios: FakeSocketIo[] = [];
    const connection = createWiredConnection({
      target: { serverUrl: 'http://127.0.0.1:3000', conversationId: 'abc', protocol: 'v0-socketio' },
      sink, clock, fetch: async () => json({ events: [], has_more: false }), createWebSocket: fakeWebSocketFactory().create,
      createSocketIo: (origin, options) => { const io = new FakeSocketIo(origin, options); ios.push(io); return io; },
      getSessionKey: async () => undefined, random: () => 0.5, tailFirstAbove: 1e9,
    });
    connection.start();
    await settle();
    ios.at(-1)!.fire('connect');
    await settle();
    ios.at(-1)!.fire('oh_event', { id: 7, source: 'agent', observation: 'agent_state_changed', content: '', extras: { agent_state: 'running' } });
    ios.at(-1)!.fire('oh_event', { id: 8, source: 'agent', action: 'run', message: 'Running command: npm test', args: { command: 'npm test' } });
    clock.advance(46_000);
    await settle();
    expect(sink.transitions()).not.toContain('open>closed');
    expect(ios).toHaveLength(1);
    connection.dispose();
  });
});

