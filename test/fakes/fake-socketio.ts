import type { SocketIoLike, SocketIoOptions } from '../../src/background/adapters/v0-socketio';

/** A socket.io client the test drives by firing its events. */
export class FakeSocketIo implements SocketIoLike {
  readonly emitted: { event: string; args: unknown[] }[] = [];
  disconnected = false;
  private readonly listeners = new Map<string, ((...args: unknown[]) => void)[]>();

  constructor(readonly origin: string, readonly options: SocketIoOptions) {}

  on(event: string, listener: (...args: unknown[]) => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string, ...args: unknown[]): this {
    this.emitted.push({ event, args });
    return this;
  }
  disconnect(): this {
    this.disconnected = true;
    return this;
  }
  fire(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
}
