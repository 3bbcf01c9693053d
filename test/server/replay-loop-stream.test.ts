import { describe, expect, it } from 'vitest';
import { planReplay } from '../../src/server/replay/plan';
import { v1Sink } from '../../src/server/replay/v1-sink';
import { ConversationStore } from '../../src/server/store';
import { decodeFrame } from '../../src/shared/protocol/decode-frame';
import type { LogRecord } from '../../src/shared/record';

describe('replay --loop and a streamed item that was aborted (no durable event with its id)', () => {
  it('gives the item a fresh id in each iteration, as it does for finished items', () => {
    const item = 'aaaaaaaa-1c3e-4f50-9a72-b4c6d8e0f123';
    const raw = `{"type":"item_started","item_id":"${item}","attempt":1,"anchor_seq":3}`;
    const record: LogRecord = {
      ...decodeFrame('v1-session', raw), direction: 'in', seq: 1, conversationKey: 'k', receivedAt: 1000, protocol: 'v1-session',
      streamItem: { itemId: item, attempt: 1, state: 'aborted', text: 'partial', reason: 'cancelled' },
    };
    const plan = planReplay([record], 'c1', 'v1-session');
    const store = new ConversationStore(() => 1000);
    store.create({ id: 'c1', generation: 'v1', title: 't' });
    const published: Array<{ type: string; item_id?: string }> = [];
    store.subscribe('c1', (signal) => published.push(signal as never));
    const apply = v1Sink(store, plan);
    for (const iteration of [0, 1]) for (const step of plan.steps) apply(step, iteration);
    const ids = published.map((s) => `${s.type}:${s.item_id}`);
    expect(ids.slice(0, 3)).toEqual([`item_started:${item}`, `delta:${item}`, `item_aborted:${item}`]);
    const second = ids.slice(3);
    expect(second).toHaveLength(3);
    expect(new Set(second.map((s) => s.split(':')[1]))).toEqual(new Set([second[0]!.split(':')[1]]));
    expect(second.every((s) => !s.endsWith(item))).toBe(true);
  });
});
