/** Every timing and limit of the mock server; defaults are faithful to the real agent server. */
export interface Knobs {
  /** First-message auth deadline (real server: 10 s). */
  authDeadlineMs: number;
  /** Pause between the demo agent's steps. */
  agentStepMs: number;
  /** Pause between streamed token deltas of the demo agent's final message. */
  agentDeltaMs: number;
  /** Replay page size on both sockets (real server: 100). */
  replayPageSize: number;
  /** Pause between replay pages (0 = just yield to the event loop); makes replay/live interleaving observable. */
  replayPageDelayMs: number;
  /** Subscribers per conversation before 1013 (real server: 50). */
  maxSubscribers: number;
  /** Session socket: larger frames close the connection with 1013 frame_too_large (4 MiB). */
  maxSessionFrameBytes: number;
  /** Session socket: more than this queued closes with 1013 slow_consumer (16 MiB). */
  maxQueuedBytes: number;
  /** Events socket (which has no backpressure rule of its own): past this queued, the process protects itself by dropping the socket. */
  maxEventsSocketQueuedBytes: number;
  /** Live signals buffered per socket while its replay runs; past it the socket is dropped. */
  maxBufferedDuringReplay: number;
  /** Events kept per conversation; older events are dropped and counted. */
  maxEventsPerConversation: number;
  /** Largest inbound frame accepted before ws closes with 1009. */
  maxInboundFrameBytes: number;
  /** Events socket: let live events interleave with the replay (the real server does). */
  interleaveReplay: boolean;
  /** V0 Socket.IO: Engine.IO ping interval and timeout (python-engineio defaults 25 s / 20 s); fixed at server start. */
  v0PingIntervalMs: number;
  v0PingTimeoutMs: number;
  /** V0: packets queued in Engine.IO for one socket before the process protects itself by dropping it (~64 MiB of 300-byte events). */
  v0MaxQueuedPackets: number;
  /** The scripted demo agent answers user messages; the replay server turns it off. */
  demoAgent: boolean;
  /** Delay before answering each event search (a slow server or a big on-disk log); makes REST paging observable. */
  eventSearchDelayMs: number;
}

export const defaultKnobs: Knobs = {
  authDeadlineMs: 10_000,
  agentStepMs: 1_200,
  agentDeltaMs: 80,
  replayPageSize: 100,
  replayPageDelayMs: 0,
  maxSubscribers: 50,
  maxSessionFrameBytes: 4 * 1024 * 1024,
  maxQueuedBytes: 16 * 1024 * 1024,
  maxEventsSocketQueuedBytes: 64 * 1024 * 1024,
  maxBufferedDuringReplay: 10_000,
  maxEventsPerConversation: 200_000,
  maxInboundFrameBytes: 16 * 1024 * 1024,
  interleaveReplay: true,
  v0PingIntervalMs: 25_000,
  v0PingTimeoutMs: 20_000,
  v0MaxQueuedPackets: 200_000,
  demoAgent: true,
  eventSearchDelayMs: 0,
};

/**
 * Which deployment the server plays. `combined` (the default) hosts V1 and V0 conversations side
 * by side, which no real deployment does: its /server_info speaks for the V1 agent server, so
 * `auto` cannot reach its V0 conversations (attach those with `v0-socketio`). `v0` is an OpenHands
 * app server of the V0 era: Socket.IO and the V0 event REST, a /server_info without a version,
 * and no V1 sockets or REST.
 */
export type ServerGeneration = 'combined' | 'v0';

export interface MockServerOptions {
  /** 0 picks a free port. */
  port: number;
  host: string;
  /** Empty: every connection is accepted without auth. */
  sessionApiKeys: string[];
  generation: ServerGeneration;
  /** Reported by /server_info; clients pick protocol features from it. */
  version: string;
  /** Agent-server routes are served under this prefix (as behind a proxy), e.g. "/runtime/1". */
  pathPrefix: string;
  /** Extra CORS origins besides localhost / 127.0.0.1. */
  corsOrigins: string[];
  knobs: Partial<Knobs>;
  /** Seed the default demo conversations. */
  seedDemo: boolean;
}

export const defaultOptions: MockServerOptions = {
  port: 0,
  host: '127.0.0.1',
  sessionApiKeys: [],
  generation: 'combined',
  version: '1.47.0',
  pathPrefix: '',
  corsOrigins: [],
  knobs: {},
  seedDemo: true,
};

export function normalisePrefix(prefix: string): string {
  const trimmed = prefix.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}
