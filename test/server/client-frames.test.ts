import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { ClientFrames } from '../../src/server/client-frames';

/** The part of a ws socket ClientFrames uses: 'message' events and close(). */
class FakeSocket extends EventEmitter {
  closedWith: [number, string] | undefined;
  close(code: number, reason: string): void { this.closedWith = [code, reason]; }
  receive(text: string): void { this.emit('message', Buffer.from(text), false); }
}

function setup(maxHeldBytes = 1000) {
  const socket = new FakeSocket();
  const frames = new ClientFrames(socket as unknown as WebSocket, maxHeldBytes);
  const read: string[] = [];
  return { socket, frames, read, reader: (data: Buffer) => { read.push(data.toString()); } };
}

describe('ClientFrames', () => {
  it('holds frames that arrive before anyone reads, and hands them over in order', () => {
    const { socket, frames, read, reader } = setup();
    socket.receive('a');
    socket.receive('b');
    frames.read(reader);
    socket.receive('c');
    expect(read).toEqual(['a', 'b', 'c']);
  });

  it('a reader that pauses after one frame (auth) leaves the rest for the next reader', () => {
    const { socket, frames, read, reader } = setup();
    const auth: string[] = [];
    socket.receive('auth');
    socket.receive('message 1');
    frames.read((data) => { auth.push(data.toString()); frames.pause(); });
    socket.receive('message 2');
    expect(auth).toEqual(['auth']);
    frames.read(reader);
    expect(read).toEqual(['message 1', 'message 2']);
  });

  it('closes the socket 1008 instead of holding more than its bound', () => {
    const { socket, frames, read, reader } = setup(10);
    socket.receive('12345');
    socket.receive('67890');
    expect(socket.closedWith).toBeUndefined();
    socket.receive('x');
    expect(socket.closedWith?.[0]).toBe(1008);
    frames.read(reader);
    expect(read).toEqual([]);
  });
});
