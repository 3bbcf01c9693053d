import WebSocket from 'ws';

/** A real `ws` client that records every frame and the close, for assertions without sleeps. */
export interface RecordingSocket {
  socket: WebSocket;
  frames: unknown[];
  binaryFrames: Buffer[];
  /** Raw text of frames that were not JSON. */
  rawText: string[];
  closed: Promise<{ code: number; reason: string }>;
  opened: Promise<boolean>;
}

export function openSocket(url: string, headers: Record<string, string> = {}): RecordingSocket {
  const socket = new WebSocket(url, { headers, maxPayload: 64 * 1024 * 1024 });
  const frames: unknown[] = [];
  const binaryFrames: Buffer[] = [];
  const rawText: string[] = [];
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) return void binaryFrames.push(data);
    const text = data.toString('utf8');
    try {
      frames.push(JSON.parse(text));
    } catch {
      rawText.push(text);
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  const opened = new Promise<boolean>((resolve) => {
    socket.on('open', () => resolve(true));
    socket.on('error', () => resolve(false));
  });
  return { socket, frames, binaryFrames, rawText, closed, opened };
}

/** Polls `predicate` until true or the deadline passes. */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const wsUrl = (httpUrl: string): string => httpUrl.replace(/^http/, 'ws');

type Obj = Record<string, unknown>;
export const asObj = (value: unknown): Obj => value as Obj;

/** Like waitFor, for a check that is itself asynchronous (e.g. an HTTP probe). */
export async function pollUntil(check: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
