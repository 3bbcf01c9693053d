// A recording holds what the recorder's socket got, including frames the server never stores
// (§1.5, §2.2): a ServerErrorEvent answering that socket's bad frame, token deltas, a
// full_state snapshot, a CondensationSummaryEvent. Replayed, they go out live and stay out of
// the store, so REST, /events/count and a replay on connect lack them, as on the real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReplayServer, planReplay, type ReplayServer } from '../../src/server/replay/index';
import { CONVERSATION, RecordBuilder } from '../shared/recording/make-records';
import { recordingOf } from './replay-helpers';

let n = 0;
const event = (kind: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ kind, id: crypto.randomUUID(), timestamp: `2026-08-22T14:03:11.48291${n++}`, source: 'environment', ...extra });

const builder = new RecordBuilder('v1-events');
builder.in(event('ConversationStateUpdateEvent', { key: 'full_state', value: { execution_status: 'idle' } }));
builder.in(event('ConversationStateUpdateEvent', { key: 'execution_status', value: 'idle' }));
builder.in(event('ServerErrorEvent', { code: 'JSONDecodeError', detail: 'Expecting value: line 1 column 1 (char 0)' }));
builder.in(event('StreamingDeltaEvent', { source: 'agent', content: 'Do' }));
builder.in(event('CondensationSummaryEvent', { summary: 'earlier turns' }));
builder.in(event('PauseEvent', { source: 'user' }));

describe('replaying never-stored kinds', () => {
  it('plans them as transient, the stored kinds as durable', () => {
    const plan = planReplay(builder.records, CONVERSATION, 'v1-events');
    expect(plan.steps.map((step) => [step.type, step.type === 'durable' || step.type === 'transient' ? step.event.kind : ''])).toEqual([
      ['transient', 'ConversationStateUpdateEvent'],
      ['durable', 'ConversationStateUpdateEvent'],
      ['transient', 'ServerErrorEvent'],
      ['transient', 'StreamingDeltaEvent'],
      ['transient', 'CondensationSummaryEvent'],
      ['durable', 'PauseEvent'],
    ]);
  });

  describe('served', () => {
    let replay: ReplayServer;
    beforeAll(async () => {
      replay = await createReplayServer({ recording: recordingOf('v1-events', builder.records), speed: 'max' });
      await replay.player.finished();
    });
    afterAll(async () => { await replay.close(); });

    it('REST search and count hold only the stored events', async () => {
      const base = `${replay.url}/api/conversations/${CONVERSATION}/events`;
      const search = await (await fetch(`${base}/search`)).json() as { items: Array<{ kind: string }> };
      expect(search.items.map((e) => e.kind)).toEqual(['ConversationStateUpdateEvent', 'PauseEvent']);
      expect(await (await fetch(`${base}/count`)).json()).toBe(2);
    });
  });
});
