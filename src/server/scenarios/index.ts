import type { ConversationStore, ConversationGeneration } from '../store';
import type { V0EventLog } from '../v0/v0-log';
import { floodEmitter } from './flood-events';
import { FLOOD_DEFAULTS, paddingFor, realFloodTimers, startFlood, type FloodHandle, type FloodOptions, type FloodTimers } from './flood';
import {
  LARGE_HISTORY_DEFAULTS, seedV0LargeHistory, seedV1LargeHistory, type LargeHistoryOptions, type LargeHistoryResult,
} from './large-history';

export type { FloodHandle, FloodOptions, FloodResult, FloodRate, FloodTimers } from './flood';
export type { LargeHistoryOptions, LargeHistoryResult } from './large-history';

/** Fixed ids of the conversations the scenarios create when no target is given. */
export const SCENARIO_IDS = {
  flood: 'f100d000-0000-4000-8000-000000000001',
  floodV0: 'f100d000-0000-4000-8000-0000000000f0',
  largeHistory: 'b16b1570-0000-4000-8000-000000000002',
  largeHistoryV0: 'b16b1570-0000-4000-8000-0000000000f0',
} as const;

export const SCENARIO_NAMES = ['flood', 'large-history'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface Scenarios {
  /** Starts a flood; `generation` picks the default conversation when `conversationId` is absent. */
  flood(options?: FloodOptions & { generation?: ConversationGeneration }, timers?: FloodTimers): FloodHandle;
  /** Seeds a large history synchronously and reports how long it took. */
  largeHistory(options?: LargeHistoryOptions): LargeHistoryResult;
  /** Floods still running (admin API: stop them). */
  running(): FloodHandle[];
  stopAll(): void;
}

export interface ScenarioDeps {
  store: ConversationStore;
  v0: V0EventLog;
}

export function createScenarios({ store, v0 }: ScenarioDeps): Scenarios {
  const running = new Set<FloodHandle>();

  /** The target conversation, created with a fixed id when it is a scenario's own. */
  const target = (id: string | undefined, generation: ConversationGeneration, defaults: { v1: string; v0: string }, title: string) => {
    const conversationId = id ?? defaults[generation];
    const existing = store.get(conversationId);
    if (existing) return existing;
    if (id !== undefined && !Object.values(SCENARIO_IDS).includes(id as never)) throw new Error(`Conversation not found: ${id}`);
    const created = store.create({ id: conversationId, generation, title });
    created.executionStatus = 'running';
    return created;
  };

  return {
    flood(options = {}, timers = realFloodTimers) {
      const conversation = target(options.conversationId, options.generation ?? 'v1', { v1: SCENARIO_IDS.flood, v0: SCENARIO_IDS.floodV0 }, 'Flood');
      const { emit, baseBytes } = floodEmitter(conversation.generation, conversation.id, store, v0);
      const padding = paddingFor(options.size ?? FLOOD_DEFAULTS.size, baseBytes);
      const handle = startFlood(conversation.id, emit, padding, options, timers);
      running.add(handle);
      void handle.done.then(() => running.delete(handle));
      return handle;
    },
    largeHistory(options = {}) {
      const started = performance.now();
      const conversation = target(options.conversationId, options.generation ?? 'v1',
        { v1: SCENARIO_IDS.largeHistory, v0: SCENARIO_IDS.largeHistoryV0 }, 'Large history');
      const settings = {
        count: options.count ?? LARGE_HISTORY_DEFAULTS.count,
        bigPayloads: options.bigPayloads ?? LARGE_HISTORY_DEFAULTS.bigPayloads,
        bigPayloadBytes: options.bigPayloadBytes ?? LARGE_HISTORY_DEFAULTS.bigPayloadBytes,
      };
      const seeded = conversation.generation === 'v0'
        ? seedV0LargeHistory(v0, conversation.id, settings)
        : seedV1LargeHistory(store, conversation.id, settings);
      conversation.executionStatus = 'finished';
      return { conversationId: conversation.id, generation: conversation.generation, seeded, elapsedMs: performance.now() - started };
    },
    running: () => [...running],
    stopAll() {
      for (const handle of running) handle.stop();
    },
  };
}
