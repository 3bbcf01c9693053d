import { effect } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { Conversation, EXPANDED_RECORDS_KEPT } from '../../../src/panel/store/conversation';
import { applyMessage, type ApplyContext } from '../../../src/panel/store/apply-message';
import { createPanelStore } from '../../../src/panel/store/panel-store';
import { deriveState } from '../../../src/shared/conversation-state';
import type { LogRecord, StreamInfo } from '../../../src/shared/record';
import { KEY, frame } from './harness';

function rec(seq: number, raw: object, extra: Partial<LogRecord> = {}): LogRecord {
  const text = JSON.stringify(raw);
  return { ...frame(`e${seq}`), raw: text, size: text.length, seq, conversationKey: KEY, direction: 'in', receivedAt: 0, protocol: 'v1-events', ...extra };
}
const statusEvent = (seq: number, value: string) => rec(seq, { id: `e${seq}`, kind: 'ConversationStateUpdateEvent', key: 'execution_status', value });
const action = (seq: number) => rec(seq, { id: `e${seq}`, kind: 'ActionEvent', tool_call_id: `t${seq}` });

describe('Conversation (panel side)', () => {
  it('caps its records with a visible dropped count and a generation bump', () => {
    const c = new Conversation(KEY, { type: 'live' }, 100);
    c.source.setSwDropped(5);
    c.admit(Array.from({ length: 150 }, (_, i) => rec(i + 1, { id: `e${i + 1}` })));
    expect(c.source.records.length).toBeLessThanOrEqual(100);
    expect(c.source.records[0]!.seq).toBe(151 - c.source.records.length);
    expect(c.source.droppedBefore.value).toBe(5 + 150 - c.source.records.length);
    expect(c.source.generation.value).toBe(1);
    // Nothing merges before an epoch change, so no id index is kept.
    expect(c.heldEventIds()).toBe(0);
  });

  it('builds its event-id merge index at an epoch change and keeps it bounded by the cap', () => {
    const c = new Conversation(KEY, { type: 'live' }, 100);
    c.admit(Array.from({ length: 80 }, (_, i) => rec(i + 1, { id: `e${i + 1}` })));
    c.resetFrom('epoch', 'E2');
    expect(c.heldEventIds()).toBe(80);
    // The restarted SW replays what we hold (skipped) and goes on past the cap.
    c.admit(Array.from({ length: 150 }, (_, i) => rec(i + 1, { id: `e${i + 1}` })));
    expect(c.mergedDuplicates.value).toBe(80);
    const held = c.source.records.length;
    expect(held).toBeLessThanOrEqual(100);
    expect(c.source.records.map((r) => r.eventId)).toEqual(Array.from({ length: held }, (_, i) => `e${151 - held + i}`));
    expect(c.heldEventIds()).toBe(held);
  });

  it('maps SW seqs of merged duplicates to the rows held for them, remembering at most the cap', () => {
    const c = new Conversation(KEY, { type: 'live' }, 100);
    const event = (seq: number, eventId: string) => rec(seq, {}, { eventId });
    const run = (firstSeq: number, count: number, id: (i: number) => string) => Array.from({ length: count }, (_, i) => event(firstSeq + i, id(i)));
    c.admit(run(1, 100, (i) => `a${i + 1}`));
    c.resetFrom('epoch', 'E2');
    // The restarted SW's copies of a1..a100 (its seqs 1..100) are skipped; a search hit in one
    // belongs on the row kept for it.
    c.admit(run(1, 100, (i) => `a${i + 1}`));
    expect(c.panelSeqOf(7)).toBe(7);
    // New records b1..b100 push the a rows out (the cap keeps b11..b100); copies of b51..b100
    // come again (a server resending what the SW forgot): 150 entries, past the cap of 100, so
    // the oldest go and those SW seqs map plainly.
    c.admit(run(101, 100, (i) => `b${i + 1}`));
    c.admit(run(201, 50, (i) => `b${51 + i}`));
    expect(c.mergedDuplicates.value).toBe(150);
    expect(c.panelSeqOf(7)).toBe(7 + c.seqOffset); // forgotten: no row, as for any seq not held
    expect(c.panelSeqOf(201)).toBe(c.source.records.find((r) => r.eventId === 'b51')!.seq);
    expect(c.panelSeqOf(201)).not.toBe(201 + c.seqOffset);
  });

  it('applies a whole recordsAppended batch as one signal update', () => {
    const c = new Conversation(KEY, { type: 'live' });
    const ctx: ApplyContext = { conversationFor: () => c, find: () => c, epoch: () => 'E', detaching: () => false, subscribe: () => undefined };
    const seen: number[] = [];
    const stop = effect(() => { seen.push(c.source.version.value + c.state.value.promptTokens); });
    applyMessage({ type: 'recordsAppended', key: KEY, records: Array.from({ length: 500 }, (_, i) => rec(i + 1, { id: `e${i + 1}` })) }, ctx);
    stop();
    expect(seen).toHaveLength(2);
    expect(c.source.records).toHaveLength(500);
  });

  it('derives state up to the selected or replayed record, equal to folding the prefix', () => {
    const store = createPanelStore({ request: () => Promise.resolve(undefined) });
    const records = [statusEvent(1, 'running'), action(2), statusEvent(3, 'paused'), action(4)];
    const key = store.addImported({ title: 'rec' }, records);
    const c = store.active.value!;
    expect(c.key).toBe(key);
    expect(c.isImported).toBe(true);
    expect(c.state.value.executionStatus).toBe('paused');
    expect([...c.state.value.pendingActions.keys()]).toEqual(['e2', 'e4']);
    store.select(key, 2);
    expect(c.state.value).toEqual(deriveState(records, 1));
    store.setReplayPosition(key, 1);
    expect(c.selectedSeq.value).toBe(1);
    expect(c.state.value.executionStatus).toBe('running');
    expect(c.state.value.pendingActions.size).toBe(0);
    store.setReplayPosition(key, null);
    expect(c.position.value).toBe(1);
    store.select(key, null);
    expect(c.state.value.executionStatus).toBe('paused');
  });

  it('folds state across checkpoints and refolds after an in-place update', () => {
    const c = new Conversation(KEY, { type: 'live' });
    const records = Array.from({ length: 3000 }, (_, i) => (i % 500 === 1 ? action(i + 1) : statusEvent(i + 1, `s${i + 1}`)));
    c.admit(records);
    c.selectedSeq.value = 2501;
    expect(c.state.value).toEqual(deriveState(records, 2500));
    c.replace([statusEvent(2501, 'changed')]);
    expect(c.state.value.executionStatus).toBe('changed');
    c.selectedSeq.value = null;
    expect(c.state.value.executionStatus).toBe('s3000');
  });

  it('keeps a streamed item\'s newer attempt when the full records fetched go back to listings', () => {
    const c = new Conversation(KEY, { type: 'live' });
    const stream = (info: Partial<StreamInfo>): Partial<LogRecord> => ({ frameType: 'delta', streamItem: { itemId: 'i1', attempt: 1, state: 'streaming', text: '', ...info } });
    const long = 'x'.repeat(70_000);
    const others = Array.from({ length: EXPANDED_RECORDS_KEPT + 1 }, (_, i) => rec(i + 2, {}, { raw: '', rawTruncated: true }));
    c.admit([rec(1, {}, { ...stream({ text: long.slice(-65_536), textOmitted: 70_000 - 65_536 }), rawTruncated: true }), ...others]);
    c.replaceFull(rec(1, {}, stream({ text: long }))); // the detail shows the whole item
    c.replace([rec(1, {}, stream({ attempt: 2, text: 'second attempt', state: 'finished' }))]); // the item restarted on the SW
    for (const record of others) c.replaceFull(rec(record.seq, {})); // the person walks through the other records' details
    expect(c.expandedCount()).toBe(EXPANDED_RECORDS_KEPT);
    expect(c.source.get(1)!.streamItem).toMatchObject({ attempt: 2, text: 'second attempt' });
  });

  it('joins a growing item\'s updates to the whole text loaded, and takes the listing when it cannot', () => {
    const c = new Conversation(KEY, { type: 'live' });
    const stream = (info: Partial<StreamInfo>): Partial<LogRecord> => ({ frameType: 'delta', streamItem: { itemId: 'i1', attempt: 1, state: 'streaming', text: '', ...info } });
    const cut = (text: string, reasoning: string, end = 10) => rec(1, {}, {
      ...stream({ text: text.slice(-end), textOmitted: text.length - end, reasoning: reasoning.slice(-end), reasoningOmitted: reasoning.length - end }), rawTruncated: true,
    });
    const [text, reasoning] = ['t'.repeat(30), 'r'.repeat(30)];
    c.admit([cut(text, reasoning)]);
    c.replaceFull(rec(1, {}, stream({ text, reasoning })));
    c.replace([cut(`${text}+more`, `${reasoning}+why`)]);
    expect(c.source.get(1)!.streamItem).toEqual({ itemId: 'i1', attempt: 1, state: 'streaming', text: `${text}+more`, reasoning: `${reasoning}+why` });
    expect(c.source.get(1)!.rawTruncated).toBeUndefined();
    // A listing cut before what was loaded (the whole record was fetched after it): nothing is lost.
    c.replace([cut(text, reasoning)]);
    expect(c.source.get(1)!.streamItem).toMatchObject({ text: `${text}+more`, reasoning: `${reasoning}+why` });
    // The item grew past what is held plus the listing's end: only the listing can say what it holds now.
    const far = `${text}+more${'x'.repeat(40)}`;
    c.replace([cut(far, `${reasoning}+why`)]);
    expect(c.source.get(1)).toMatchObject({ rawTruncated: true, streamItem: { text: far.slice(-10), textOmitted: far.length - 10 } });
  });

  it('keeps imported names unique and refuses live commands for them', async () => {
    const store = createPanelStore({ request: () => Promise.resolve(undefined) });
    const a = store.addImported({ title: 'x' }, []);
    const b = store.addImported({ title: 'x' }, []);
    expect(a).not.toBe(b);
    await expect(store.reconnectNow(a)).rejects.toThrow(/not a live conversation/);
  });

  it('turns a failed command into a visible notice', async () => {
    const store = createPanelStore({ request: () => Promise.reject(new Error('command listConversations is not supported by this service worker yet')) });
    await expect(store.attach({ serverUrl: 'http://127.0.0.1:1', conversationId: 'c', protocol: 'auto' })).rejects.toThrow();
    expect(store.notices.value).toEqual(['attach c: command listConversations is not supported by this service worker yet']);
    await expect(store.listConversations('http://127.0.0.1:1')).rejects.toThrow(/not supported/);
  });
});
