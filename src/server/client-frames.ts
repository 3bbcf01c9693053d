import type { WebSocket } from 'ws';

export type ClientFrameReader = (data: Buffer, isBinary: boolean) => void;

/**
 * A V1 socket's client frames, from the moment it is accepted. `ws` delivers every frame it has
 * already received at once, so a message sent right behind the auth frame (a client sending a
 * queued message in `onopen`) arrives before the socket is served; a handler attached only once
 * auth had resolved never saw it. One handler is attached at accept instead: frames that nobody
 * reads yet wait here, in order, for the next reader.
 */
export class ClientFrames {
  private readonly held: Array<{ data: Buffer; isBinary: boolean }> = [];
  private heldBytes = 0;
  private reader: ClientFrameReader | null = null;

  /** Holding more than `maxHeldBytes` closes the socket 1008 (only a client flooding a socket not yet served gets there). */
  constructor(private readonly socket: WebSocket, private readonly maxHeldBytes: number) {
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (this.reader) this.reader(data, isBinary);
      else this.hold(data, isBinary);
    });
  }

  /** Hands the held frames, then each new one, to `reader`, until `pause()`. */
  read(reader: ClientFrameReader): void {
    this.reader = reader;
    while (this.reader === reader && this.held.length > 0) {
      const frame = this.held.shift()!;
      this.heldBytes -= frame.data.length;
      reader(frame.data, frame.isBinary);
    }
  }

  /** Frames wait again (after the auth frame, until the socket is served). */
  pause(): void {
    this.reader = null;
  }

  private hold(data: Buffer, isBinary: boolean): void {
    this.held.push({ data, isBinary });
    this.heldBytes += data.length;
    if (this.heldBytes <= this.maxHeldBytes) return;
    this.held.length = 0;
    this.heldBytes = 0;
    this.socket.close(1008, 'Too many frames before the socket was served');
  }
}
