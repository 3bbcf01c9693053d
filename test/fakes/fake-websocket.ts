import type { WebSocketLike } from '../../src/background/contracts';

/** A WebSocket the test drives: open it, push frames, close it with any code. */
export class FakeWebSocket implements WebSocketLike {
  readyState = 0;
  binaryType = 'blob';
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string; wasClean?: boolean }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  readonly sent: string[] = [];
  closedWith: { code?: number; reason?: string } | undefined;

  constructor(readonly url: string) {}

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(data);
  }
  close(code?: number, reason?: string): void {
    this.readyState = 3;
    this.closedWith = { code, reason };
  }
  serverOpen(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  serverSend(data: unknown): void {
    this.onmessage?.({ data: typeof data === 'string' ? data : JSON.stringify(data) });
  }
  serverClose(code: number, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

export function fakeWebSocketFactory(): { sockets: FakeWebSocket[]; create: (url: string) => FakeWebSocket; last: () => FakeWebSocket } {
  const sockets: FakeWebSocket[] = [];
  return {
    sockets,
    create: (url) => {
      const ws = new FakeWebSocket(url);
      sockets.push(ws);
      return ws;
    },
    last: () => {
      const ws = sockets.at(-1);
      if (!ws) throw new Error('no socket opened yet');
      return ws;
    },
  };
}
