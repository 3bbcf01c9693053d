import { randomUUID } from 'node:crypto';
import { text } from '../demo-events';
import type { ConversationGeneration, ConversationStore } from '../store';
import type { V0EventLog } from '../v0/v0-log';
import type { FloodEmitter, FloodStamp } from './flood';

/**
 * Flood events are agent messages of their generation; `mock_flood` carries the position and
 * the server send time (epoch ms) so a benchmark can compute per-event latency.
 */
const stampOf = ({ index, sentAtMs }: FloodStamp) => ({ index, sent_at_ms: sentAtMs });

function v1Event(stamp: FloodStamp, id: string, timestamp: string) {
  return {
    kind: 'MessageEvent', id, timestamp, source: 'agent',
    llm_message: { role: 'assistant', content: [text(`flood event ${stamp.index} ${stamp.padding}`)], thinking_blocks: [] },
    activated_skills: [], extended_content: [], mock_flood: stampOf(stamp),
  };
}

function v0Draft(stamp: FloodStamp) {
  const content = `flood event ${stamp.index} ${stamp.padding}`;
  return {
    source: 'agent', message: content, action: 'message',
    args: { content, file_urls: null, image_urls: null, wait_for_response: false, security_risk: -1 }, mock_flood: stampOf(stamp),
  };
}

/** Size of a flood event without padding (id, timestamp and a six-digit index included). */
function baseBytesOf(draft: Record<string, unknown>, extra: Record<string, unknown>): number {
  return JSON.stringify({ ...extra, ...draft }).length;
}

/** UUID-shaped, unique ids far cheaper than a randomUUID() per event: a random prefix and a 48-bit counter. */
export function uuidSequence(): { next(): string } {
  const prefix = randomUUID().slice(0, 24);
  let counter = 0;
  return { next: () => prefix + (counter++).toString(16).padStart(12, '0') };
}

export function floodEmitter(
  generation: ConversationGeneration, conversationId: string, store: ConversationStore, v0: V0EventLog,
): { emit: FloodEmitter; baseBytes: number } {
  const sample: FloodStamp = { index: 100_000, sentAtMs: 1_764_000_000_000.123, padding: '' };
  if (generation === 'v0') {
    return {
      emit: (stamp) => void v0.append(conversationId, v0Draft(stamp)),
      baseBytes: baseBytesOf(v0Draft(sample), { id: 100_000, timestamp: '2025-11-25T14:00:00.000000' }),
    };
  }
  const ids = uuidSequence();
  return {
    // Built complete (no null-stripping pass) and persisted directly: the per-event cost is what a benchmark measures.
    emit: (stamp) => void store.persist(conversationId, v1Event(stamp, ids.next(), store.timestamps.next())),
    baseBytes: baseBytesOf(v1Event(sample, '7f3c2a9e-58b4-4c1e-9d0a-3e6b1f2c4d5e', '2025-11-25T14:00:00.000000'), {}),
  };
}
