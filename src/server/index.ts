import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { createAdminHandler } from './admin';
import type { ServerContext } from './context';
import { DemoAgent } from './demo-agent';
import { seedDemoHistory, seedPlanningHistory } from './demo-history';
import { Faults } from './faults';
import { wireFeatures } from './features';
import { startHangServer } from './hang-server';
import { LiveSocketRegistry } from './live-sockets';
import { defaultKnobs, defaultOptions, normalisePrefix, type Knobs, type MockServerOptions, type ServerGeneration } from './options';
import { createRequestHandler } from './rest';
import { ConversationStore, type EventJson } from './store';
import { createUpgradeHandler } from './upgrade';
import { createScenarios, type Scenarios } from './scenarios/index';
import { seedV0DemoHistory } from './v0/v0-history';
import { V0EventLog, type V0Event } from './v0/v0-log';
import { createV0Turns } from './v0/v0-agent';
import { attachV0SocketServer, type V0SocketServer } from './v0/socketio-server';
import { V0Faults } from './v0/v0-faults';

export type { Knobs, MockServerOptions, ServerGeneration } from './options';
export type { EventJson, Conversation, ConversationSignal, NewEvent } from './store';
export type { LiveSocket } from './live-sockets';
export type { FaultCounters, MalformedKind } from './faults';
export { ConversationStore } from './store';
export { LiveSocketRegistry } from './live-sockets';
export { Faults } from './faults';
export { DemoAgent } from './demo-agent';
export { naiveLocal, normaliseToNaiveLocal } from './time';
export { SCENARIO_IDS, SCENARIO_NAMES } from './scenarios/index';
export type { Scenarios, ScenarioName, FloodHandle, FloodOptions, FloodResult, FloodRate, LargeHistoryOptions, LargeHistoryResult } from './scenarios/index';
export { V0EventLog } from './v0/v0-log';
export { V0Faults } from './v0/v0-faults';
export type { V0Event, V0Draft, V0Notice } from './v0/v0-log';

/** Fixed ids so deep links and docs stay stable across runs. */
export const DEMO_IDS = {
  demo: '7f3c2a9e-58b4-4c1e-9d0a-3e6b1f2c4d5e',
  planning: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
  v0demo: 'c0ffee00-0000-4000-8000-000000000de0',
} as const;

export interface MockServer {
  /** http://127.0.0.1:PORT plus the path prefix, i.e. the agent-server base. */
  readonly url: string;
  /** http://127.0.0.1:PORT without the prefix: the app-server base. */
  readonly appUrl: string;
  readonly port: number;
  /** The deployment it plays: V1 and V0 side by side, or a V0 app server alone (options.ts). */
  readonly generation: ServerGeneration;
  /** Base URL of a port whose handshakes hang forever. */
  readonly hangUrl: string;
  readonly conversations: typeof DEMO_IDS;
  readonly store: ConversationStore;
  readonly knobs: Knobs;
  readonly faults: Faults;
  readonly registry: LiveSocketRegistry;
  /** The node http server, e.g. to attach Socket.IO to (V0). */
  readonly httpServer: Server;
  /** Replace the session API keys (empty = open). */
  setApiKeys(keys: string[]): void;
  /** Integer-id event logs of the V0 conversations (served over Socket.IO). */
  readonly v0: V0EventLog;
  /** The V0 Socket.IO endpoint (`{prefix}/socket.io`). */
  readonly v0Sockets: V0SocketServer;
  /** Event-level faults (duplicate, out-of-order, withhold, huge) for V0 conversations; drop/close/malformed are on `faults`. */
  readonly v0Faults: V0Faults;
  /** Load scenarios (docs/mock-server.md): flood, large-history. */
  readonly scenarios: Scenarios;
  /** Makes the demo agent answer `message` (in V0 shapes for V0 conversations); false if already running. */
  triggerAgent(conversationId: string, message?: EventJson | V0Event): boolean;
  close(): Promise<void>;
}

export async function createMockServer(overrides: Partial<MockServerOptions> = {}): Promise<MockServer> {
  const options: MockServerOptions = { ...defaultOptions, ...overrides };
  const knobs: Knobs = { ...defaultKnobs, ...options.knobs };
  const store = new ConversationStore(() => knobs.maxEventsPerConversation);
  const registry = new LiveSocketRegistry();
  const v0 = new V0EventLog(store.timestamps, () => knobs.maxEventsPerConversation);
  const scenarios = createScenarios({ store, v0 });
  const prefix = normalisePrefix(options.pathPrefix);
  let port = options.port;
  const ctx: ServerContext = {
    store, v0, knobs, registry, agent: new DemoAgent(store, knobs, createV0Turns(v0, store, knobs)), sessionApiKeys: [...options.sessionApiKeys],
    generation: options.generation, version: options.version, features: wireFeatures(options.generation, options.version), pathPrefix: prefix, corsOrigins: options.corsOrigins,
    origin: () => `http://${options.host}:${port}`,
  };
  if (options.seedDemo) seedConversations(store, v0, options.generation);
  const connections = new Set<Socket>();
  let closed = false;
  const httpServer = createServer();
  httpServer.on('connection', (socket) => { connections.add(socket); socket.on('close', () => connections.delete(socket)); });
  httpServer.on('upgrade', createUpgradeHandler(ctx));
  const listen = () => new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, options.host, () => { httpServer.off('error', reject); resolve(); });
  });
  const stopListening = () => new Promise<void>((resolve) => {
    for (const socket of registry.all()) socket.drop();
    for (const socket of connections) socket.destroy();
    httpServer.close(() => resolve());
  });
  const faults = new Faults({
    store, registry,
    outage: async (ms) => {
      await stopListening();
      await new Promise((r) => setTimeout(r, ms));
      if (!closed) await listen();
    },
  });
  const v0Faults = new V0Faults(v0, faults.counters);
  httpServer.on('request', createRequestHandler(ctx, createAdminHandler(ctx, faults, scenarios, { faults: v0Faults, log: v0 })));
  // After the REST listener: Engine.IO wraps the existing request listeners and takes only its own path.
  const v0Sockets = attachV0SocketServer(ctx, httpServer, v0, {
    startAgent: (id, message) => { ctx.agent.start(id, message); },
    stopAgent: (id, state) => ctx.agent.stop(id, state === 'paused' ? 'PauseEvent' : 'InterruptEvent'),
  });
  await listen();
  const address = httpServer.address();
  port = typeof address === 'object' && address ? address.port : port;
  const hang = await startHangServer(options.host);
  return {
    url: `http://${options.host}:${port}${prefix}`, appUrl: `http://${options.host}:${port}`, port, generation: options.generation,
    hangUrl: `http://${options.host}:${hang.port}`, conversations: DEMO_IDS,
    store, knobs, faults, registry, httpServer, v0, v0Faults, v0Sockets, scenarios,
    setApiKeys: (keys) => { ctx.sessionApiKeys = [...keys]; },
    triggerAgent: (id, message) => ctx.agent.start(id, message),
    close: async () => {
      closed = true;
      scenarios.stopAll();
      ctx.agent.stopAll();
      await v0Sockets.close();
      await hang.close();
      if (httpServer.listening) await stopListening();
    },
  };
}

/** A V0 server holds the V0 demo only: V1 conversations would be unreachable there. */
function seedConversations(store: ConversationStore, v0: V0EventLog, generation: ServerGeneration): void {
  if (generation === 'combined') seedV1Conversations(store);
  const v0demo = store.create({ id: DEMO_IDS.v0demo, generation: 'v0', title: 'V0 demo conversation' });
  seedV0DemoHistory((draft) => v0.persistQuietly(v0demo.id, draft));
  v0demo.executionStatus = 'finished';
}

function seedV1Conversations(store: ConversationStore): void {
  const demo = store.create({ id: DEMO_IDS.demo, generation: 'v1', title: 'Make tests/test_api.py pass' });
  seedDemoHistory(store, demo.id);
  demo.executionStatus = 'finished';
  const planning = store.create({ id: DEMO_IDS.planning, generation: 'v1', title: 'Plan the fix', parentConversationId: demo.id });
  seedPlanningHistory(store, planning.id);
  planning.executionStatus = 'finished';
  demo.subConversationIds.push(planning.id);
}
