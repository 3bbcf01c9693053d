import type { Clock, ConversationSink, SocketStatus, WebSocketFactory } from '../../../src/background/contracts';
import type { GenerationAdapter } from '../../../src/background/adapters/adapter';
import type { DecodedFrame, LogRecord, MetaInfo, OutgoingInfo } from '../../../src/shared/record';
import { createV1EventsAdapter } from '../../../src/background/adapters/v1-events';
import { createConversationConnection, type ConversationConnectionOptions } from '../../../src/background/conversation-socket';
import { FakeClock } from '../../fakes/fake-clock';
import { fakeWebSocketFactory } from '../../fakes/fake-websocket';

export class RecordingSink implements ConversationSink {
  readonly metas: MetaInfo[] = [];
  readonly inbound: DecodedFrame[] = [];
  readonly outbound: { frame: DecodedFrame; outgoing: OutgoingInfo }[] = [];
  gaps = 0;
  statuses: SocketStatus[] = [];
  private seq = 0;
  private record(frame: DecodedFrame): LogRecord {
    return { ...frame, seq: ++this.seq, conversationKey: 'k', direction: 'in', receivedAt: 0, protocol: 'v1-events' };
  }
  appendInbound(frame: DecodedFrame, _via?: 'socket' | 'rest'): LogRecord | null {
    this.inbound.push(frame);
    return this.record(frame);
  }
  /** Older history: kept frames also land in `inbound` (subclasses dedupe there), and in `prepended`. */
  readonly prepended: DecodedFrame[] = [];
  prependHistory(frames: readonly DecodedFrame[]): LogRecord[] {
    const kept: LogRecord[] = [];
    for (const frame of frames) {
      const record = this.appendInbound(frame, 'rest');
      if (record === null) continue;
      this.prepended.push(frame);
      kept.push(record);
    }
    return kept;
  }
  appendOutbound(frame: DecodedFrame, outgoing: OutgoingInfo): LogRecord {
    this.outbound.push({ frame, outgoing });
    return this.record(frame);
  }
  appendMeta(meta: MetaInfo): LogRecord {
    this.metas.push(meta);
    return this.record({ validity: 'ok', raw: '', rawEncoding: 'text', size: 0, frameType: 'none', category: 'other', summary: '' });
  }
  countGap(n: number): void {
    this.gaps += n;
  }
  hasEventId(_id: string): boolean {
    return false;
  }
  statusChanged(status: SocketStatus): void {
    this.statuses.push(status);
  }
  transitions(): string[] {
    return this.metas.flatMap((m) => (m.type === 'transition' ? [`${m.from}>${m.to}`] : []));
  }
  lastTransition(): Extract<MetaInfo, { type: 'transition' }> {
    const t = this.metas.filter((m) => m.type === 'transition').at(-1);
    if (!t || t.type !== 'transition') throw new Error('no transition');
    return t;
  }
}

/** Dedupes by the decoded event id like the hub's log, and counts what would have been doubled. */
export class DedupingSink extends RecordingSink {
  readonly ids = new Set<string>();
  duplicates = 0;
  override appendInbound(frame: DecodedFrame, via?: 'socket' | 'rest'): LogRecord | null {
    const id = frame.eventId;
    if (id !== undefined && this.ids.has(id)) {
      this.duplicates += 1;
      return null;
    }
    if (id !== undefined) this.ids.add(id);
    return super.appendInbound(frame, via);
  }
  override hasEventId(id: string): boolean {
    return this.ids.has(id);
  }
}

/** Wall-clock time, for integration tests against a real server. */
export const realClock: Clock = { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h) };

/** Lets queued promise callbacks (key getter, adapter resolution) run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

/** `makeAdapter`: the generation under test, on the fake sockets (default: the events socket). */
export function setup(overrides: Partial<ConversationConnectionOptions> = {}, makeAdapter: (createWebSocket: WebSocketFactory) => GenerationAdapter = (createWebSocket) => createV1EventsAdapter({ createWebSocket })) {
  const clock = new FakeClock();
  const sink = new RecordingSink();
  const sockets = fakeWebSocketFactory();
  const adapter = makeAdapter(sockets.create);
  let alive = false;
  const connection = createConversationConnection({
    target: { serverUrl: 'http://agent.example:8000/runtime/1', conversationId: '00000000-0000-4000-8000-0000000000c1', protocol: 'v1-events' },
    sink,
    clock,
    resolveAdapter: async () => adapter,
    getSessionKey: async () => 'sekrit-key',
    probeAlive: async () => alive,
    random: () => 0.5,
    ...overrides,
  });
  return { clock, sink, sockets, connection, setAlive: (v: boolean) => { alive = v; } };
}
