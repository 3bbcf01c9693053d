/**
 * A raw Chrome DevTools Protocol client over the browser's debugging WebSocket, with flat
 * sessions. Playwright's CDP sessions only reach pages; the service worker's heap needs a
 * session on the SW target, so the bench talks CDP itself (browser started with
 * `--remote-debugging-port`).
 */
import WebSocket from 'ws';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void; method: string };
type EventListener = (params: Record<string, unknown>, sessionId: string | undefined) => void;

export interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

export class CdpClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<EventListener>>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.dispatch(JSON.parse(String(data)) as Record<string, unknown>));
    socket.on('close', () => {
      for (const p of this.pending.values()) p.reject(new Error(`CDP closed during ${p.method}`));
      this.pending.clear();
    });
  }

  /** Connects to the browser endpoint of a Chromium started with `--remote-debugging-port=port`. */
  static async connect(port: number): Promise<CdpClient> {
    const version = await (await fetch(`http://127.0.0.1:${port}/json/version`)).json() as { webSocketDebuggerUrl: string };
    const socket = new WebSocket(version.webSocketDebuggerUrl, { perMessageDeflate: false, maxPayload: 512 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => { socket.once('open', () => resolve()); socket.once('error', reject); });
    return new CdpClient(socket);
  }

  send<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<T> {
    const id = this.nextId++;
    this.socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    return new Promise<T>((resolve, reject) => this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, method }));
  }

  on(method: string, listener: EventListener): () => void {
    const set = this.listeners.get(method) ?? new Set();
    set.add(listener);
    this.listeners.set(method, set);
    return () => set.delete(listener);
  }

  async targets(): Promise<TargetInfo[]> {
    const { targetInfos } = await this.send<{ targetInfos: TargetInfo[] }>('Target.getTargets');
    return targetInfos;
  }

  /** Attaches (flat) to the first target whose URL passes `match`; returns its session id. */
  async attach(match: (t: TargetInfo) => boolean): Promise<string> {
    const target = (await this.targets()).find(match);
    if (!target) throw new Error('no CDP target matches');
    const { sessionId } = await this.send<{ sessionId: string }>('Target.attachToTarget', { targetId: target.targetId, flatten: true });
    return sessionId;
  }

  /** A full collection, twice: the first one's finalizers (external strings) free more for the second. */
  async collectGarbage(sessionId: string): Promise<void> {
    await this.send('HeapProfiler.collectGarbage', {}, sessionId);
    await this.send('HeapProfiler.collectGarbage', {}, sessionId);
  }

  /**
   * Collects garbage, then reads the memory a session's target holds (bytes): the V8 heap in use
   * plus backing storage (external strings, array buffers) and the embedder's heap. Text that
   * Blink hands over (WebSocket frames, TextDecoder output) lives as external strings, outside
   * `usedSize`: counting only the V8 heap made the SW look smaller than the raw text it holds.
   */
  async heapAfterGc(sessionId: string): Promise<number> {
    await this.collectGarbage(sessionId);
    const usage = await this.send<{ usedSize: number; backingStorageSize?: number; embedderHeapUsedSize?: number }>('Runtime.getHeapUsage', {}, sessionId);
    return usage.usedSize + (usage.backingStorageSize ?? 0) + (usage.embedderHeapUsedSize ?? 0);
  }

  async detach(sessionId: string): Promise<void> {
    await this.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
  }

  close(): void {
    this.socket.close();
  }

  private dispatch(message: Record<string, unknown>): void {
    if (typeof message.id === 'number') {
      const p = this.pending.get(message.id);
      if (!p) return;
      this.pending.delete(message.id);
      const error = message.error as { message?: string } | undefined;
      if (error) p.reject(new Error(`${p.method}: ${error.message ?? 'failed'}`));
      else p.resolve(message.result);
      return;
    }
    const method = message.method;
    if (typeof method !== 'string') return;
    for (const listener of this.listeners.get(method) ?? []) {
      listener((message.params ?? {}) as Record<string, unknown>, message.sessionId as string | undefined);
    }
  }
}
