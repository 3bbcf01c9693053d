/**
 * The replay server: a recording served as an agent server, so any client (the panel, the
 * official TypeScript client, an OpenHands frontend) can be pointed at a recorded conversation.
 * Built on the mock server: V1 recordings are replayed into its store, so the events socket,
 * the session socket and REST all serve them; the demo agent is off (a message sent by a client
 * is echoed and stored, as a real server would, but nobody answers it).
 */
import { createReadStream } from 'node:fs';
import { readRecording, type ReadResult } from '../../shared/recording/index';
import { createMockServer, type MockServer, type MockServerOptions } from '../index';
import { normaliseId } from '../store';
import { planReplay, type ReplayPlan, type ReplayStep } from './plan';
import { ReplayPlayer, systemClock, type ReplayClock, type ReplaySpeed } from './player';
import { v1Sink } from './v1-sink';
import { v0Sink, type V0LogLike } from './v0-sink';

export { planReplay } from './plan';
export type { ReplayPlan, ReplayStep } from './plan';
export { ReplayPlayer, systemClock } from './player';
export type { ReplayClock, ReplaySpeed, PlayerState } from './player';
export { idVariant } from './relabel';

export interface ReplayServerOptions {
  recording: ReadResult;
  speed?: ReplaySpeed;
  loop?: boolean;
  clock?: ReplayClock;
  loopPauseMs?: number;
  /**
   * `now`: play from server start (late clients get the past as history). `first-client`: wait
   * until a client opens a socket of the conversation, so it sees everything arrive live.
   */
  startOn?: 'now' | 'first-client';
  /** Passed to createMockServer (port, host, sessionApiKeys, pathPrefix, knobs…). */
  mock?: Partial<MockServerOptions>;
  /** Title shown by REST and the app-server routes. */
  title?: string;
}

export interface ReplayServer {
  readonly server: MockServer;
  /** Agent-server base URL. */
  readonly url: string;
  readonly conversationId: string;
  readonly plan: ReplayPlan;
  readonly player: ReplayPlayer;
  close(): Promise<void>;
}

/** V0 recordings need the mock's V0 event log and Socket.IO server (src/server/v0). */
type V0Capable = MockServer & { v0?: V0LogLike };

export async function createReplayServer(options: ReplayServerOptions): Promise<ReplayServer> {
  const { header, records } = options.recording;
  const conversationId = normaliseId(header.conversationId);
  const plan = planReplay(records, conversationId, header.protocol);
  const generation = header.protocol === 'v0-socketio' ? 'v0' : 'v1';
  // A V0 recording is served as a V0 server, so `auto` picks Socket.IO for it.
  const server: V0Capable = await createMockServer({
    ...options.mock, ...(generation === 'v0' ? { generation: 'v0' as const } : {}), seedDemo: false, knobs: { ...options.mock?.knobs, demoAgent: false },
  });
  server.store.create({ id: conversationId, generation, title: options.title ?? `Replay of ${header.conversationId}` });
  let apply: (step: ReplayStep, iteration: number) => void;
  try {
    if (generation === 'v0' && !server.v0) throw new Error('This build has no V0 (Socket.IO) server, so a V0 recording cannot be replayed.');
    apply = generation === 'v0' && server.v0 ? v0Sink(server.v0, plan) : v1Sink(server.store, plan);
  } catch (error) {
    await server.close();
    throw error;
  }
  const player = new ReplayPlayer(plan, apply, {
    speed: options.speed ?? 1, loop: options.loop ?? false, clock: options.clock ?? systemClock, loopPauseMs: options.loopPauseMs ?? 1000,
  });
  if (options.startOn === 'first-client') startOnFirstClient(server, conversationId, player, options.clock ?? systemClock);
  else player.start();
  return {
    server, url: server.url, conversationId, plan, player,
    close: async () => { player.stop(); await server.close(); },
  };
}

/**
 * Starts playback once the first socket of the conversation has registered. One timer turn
 * later, so that socket has finished its (empty) history replay and gets everything live.
 */
function startOnFirstClient(server: MockServer, conversationId: string, player: ReplayPlayer, clock: ReplayClock): void {
  const registry = server.registry;
  const register = registry.register.bind(registry);
  registry.register = (id, socket) => {
    const unregister = register(id, socket);
    if (id === conversationId && player.state === 'idle') clock.setTimeout(() => player.start(), 0);
    return unregister;
  };
}

/** Reads a recording file (native or HAR) as a stream. */
export async function loadRecordingFile(path: string, onProgress?: (bytes: number) => void): Promise<ReadResult> {
  return readRecording(createReadStream(path, { highWaterMark: 256 * 1024 }), onProgress ? { onProgress } : {});
}
