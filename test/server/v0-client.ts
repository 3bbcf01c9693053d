import { io, type Socket } from 'socket.io-client';

/** A real socket.io-client that records every `oh_event` payload, the refusal and the disconnect. */
export interface RecordingV0Client {
  socket: Socket;
  payloads: unknown[];
  connectError: Promise<Error>;
  disconnected: Promise<string>;
  connected: Promise<void>;
}

export function openV0(origin: string, query: Record<string, string>, options: { path?: string; timeout?: number } = {}): RecordingV0Client {
  const socket = io(origin, {
    path: options.path ?? '/socket.io', query, transports: ['websocket'], reconnection: false, forceNew: true,
    ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
  });
  const payloads: unknown[] = [];
  socket.on('oh_event', (payload: unknown) => payloads.push(payload));
  return {
    socket, payloads,
    connectError: new Promise((resolve) => socket.on('connect_error', resolve)),
    disconnected: new Promise((resolve) => socket.on('disconnect', (reason) => resolve(String(reason)))),
    connected: new Promise((resolve) => socket.on('connect', () => resolve())),
  };
}

type Obj = Record<string, unknown>;
export const eventIds = (payloads: unknown[]): number[] =>
  payloads.filter((p) => typeof (p as Obj)['id'] === 'number' && ('action' in (p as Obj) || 'observation' in (p as Obj))).map((p) => (p as Obj)['id'] as number);

type StoredV0 = { id: number } & Record<string, unknown>;
const hiddenOnReplay = (e: StoredV0) => e['action'] === 'null' || e['observation'] === 'null' || e['action'] === 'recall';
const isStateChange = (e: StoredV0) => e['observation'] === 'agent_state_changed';

/** What §5.3 says a replay after `latest` sends: the visible events in order, then only the last state change. */
export function expectedReplayIds(stored: readonly StoredV0[], latest: number): number[] {
  const after = stored.filter((e) => e.id > latest && !hiddenOnReplay(e));
  const lastState = after.filter(isStateChange).at(-1);
  return [...after.filter((e) => !isStateChange(e)).map((e) => e.id), ...(lastState ? [lastState.id] : [])];
}
export const isHiddenOnReplay = hiddenOnReplay;
