/**
 * Bench traffic: the demo conversation's events (every §2.6 kind) cycled with fresh ids,
 * seeded as history or pushed live at a given rate. Send times are kept per event id in Node,
 * so payloads stay exactly the demo mix (no bench fields inside events).
 */
import { createMockServer, type EventJson, type MockServer, type NewEvent } from '../src/server/index';

const now = (): number => performance.timeOrigin + performance.now();

export class DemoMix {
  private readonly templates: NewEvent[];
  private next = 0;

  constructor(server: MockServer) {
    const demo = server.store.get(server.conversations.demo);
    if (!demo) throw new Error('demo conversation missing');
    this.templates = demo.events.map(({ id: _id, timestamp: _ts, ...rest }) => rest as NewEvent);
  }

  draft(): NewEvent {
    const t = this.templates[this.next % this.templates.length]!;
    this.next += 1;
    return t;
  }
}

export const byteLength = (event: EventJson): number => Buffer.byteLength(JSON.stringify(event));

export async function startServer(): Promise<{ server: MockServer; mix: DemoMix }> {
  const server = await createMockServer({ port: 0, knobs: { agentStepMs: 60_000 } });
  return { server, mix: new DemoMix(server) };
}

/** A fresh V1 conversation with `count` demo-mix events; returns its id and raw bytes. */
export function seedConversation(server: MockServer, mix: DemoMix, count: number, title: string): { id: string; bytes: number; lastId: string } {
  const conversation = server.store.create({ generation: 'v1', title });
  let bytes = 0;
  let lastId = '';
  for (let i = 0; i < count; i += 1) {
    const event = server.store.complete(mix.draft());
    server.store.persistQuietly(conversation.id, event);
    bytes += byteLength(event);
    lastId = event.id;
  }
  conversation.executionStatus = 'finished';
  return { id: conversation.id, bytes, lastId };
}

export interface Pushed {
  ids: string[];
  sentAt: number[];
  bytes: number;
  startedAt: number;
  endedAt: number;
}

/**
 * Appends `count` events live. `ratePerSecond` undefined = flood (as fast as the server can
 * publish, yielding to I/O every `chunk` events so sockets drain); otherwise paced on a 5 ms tick.
 */
export async function pushEvents(server: MockServer, mix: DemoMix, conversationId: string, count: number, ratePerSecond?: number): Promise<Pushed> {
  const out: Pushed = { ids: [], sentAt: [], bytes: 0, startedAt: now(), endedAt: 0 };
  const appendOne = () => {
    const t = now();
    const event = server.store.append(conversationId, mix.draft());
    out.ids.push(event.id);
    out.sentAt.push(t);
    out.bytes += byteLength(event);
  };
  if (ratePerSecond === undefined) {
    const chunk = 250;
    while (out.ids.length < count) {
      for (let i = 0; i < chunk && out.ids.length < count; i += 1) appendOne();
      await new Promise((r) => setImmediate(r));
    }
  } else {
    while (out.ids.length < count) {
      const due = Math.min(count, Math.floor(((now() - out.startedAt) / 1000) * ratePerSecond) + 1);
      while (out.ids.length < due) appendOne();
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  out.endedAt = now();
  return out;
}

/** Bytes the server wrote on TCP connections accepted from now on (sockets + REST, framing included). */
export function countBytesWritten(server: MockServer): { total(): number; stop(): void } {
  const sockets = new Set<import('node:net').Socket>();
  const track = (socket: import('node:net').Socket) => { sockets.add(socket); };
  server.httpServer.on('connection', track);
  return {
    total: () => [...sockets].reduce((sum, s) => sum + s.bytesWritten, 0),
    stop: () => { server.httpServer.off('connection', track); },
  };
}
