import { describe, expect, it } from 'vitest';
import { EventLog } from '../../../src/background/event-log';
import { MAX_STREAM_TEXT_CHARS } from '../../../src/background/stream-fold';
import { PortOutbox } from '../../../src/background/port-hub-outbox';
import { decodeFrame } from '../../../src/shared/protocol/decode-frame';
import type { BackgroundToPanel } from '../../../src/shared/port/messages';
import type { LogRecord } from '../../../src/shared/record';

const session = (value: unknown) => decodeFrame('v1-session', JSON.stringify(value));
const started = (item: string, attempt = 1) => session({ type: 'item_started', item_id: item, attempt, anchor_seq: 3 });
const delta = (item: string, order: number, content: string, attempt = 1, kind = 'text') => session({ type: 'delta', item_id: item, attempt, order, kind, content });
const durable = (id: string, seq: number) => session({ type: 'durable', seq, event: { kind: 'MessageEvent', id, timestamp: '2026-08-22T14:05:40.118305', source: 'agent', llm_message: { role: 'assistant', content: [{ type: 'text', text: 'Hello world' }] }, activated_skills: [], extended_content: [] } });

function setup() {
  const updates: LogRecord[] = [];
  const appended: LogRecord[] = [];
  const log = new EventLog({ conversationKey: 'k', protocol: 'v1-session', now: () => 0, onAppend: (r) => appended.push(r), onUpdate: (r) => updates.push(r) });
  return { log, updates, appended };
}

describe('streamed items coalesce into one growing record', () => {
  it('item_started + deltas are one record updated in place; the durable event finishes it', () => {
    const { log, updates, appended } = setup();
    log.appendInbound(started('m1'), 'socket');
    for (const [i, piece] of ['Hel', 'lo ', 'world'].entries()) log.appendInbound(delta('m1', i, piece), 'socket');
    expect(appended).toHaveLength(1);
    expect(updates).toHaveLength(3);
    expect(log.get(1)?.streamItem).toEqual({ itemId: 'm1', attempt: 1, state: 'streaming', text: 'Hello world' });
    log.appendInbound(durable('m1', 4), 'socket');
    expect(appended).toHaveLength(2);
    expect(log.get(1)?.streamItem?.state).toBe('finished');
    expect(log.eventIdList()).toEqual(['m1']);
  });

  it('marks a gap in order as lossy and keeps reasoning apart from text', () => {
    const { log } = setup();
    log.appendInbound(started('m1'), 'socket');
    log.appendInbound(delta('m1', 0, 'thinking…', 1, 'reasoning'), 'socket');
    log.appendInbound(delta('m1', 2, 'answer'), 'socket');
    expect(log.get(1)?.streamItem).toMatchObject({ text: 'answer', reasoning: 'thinking…', lossy: true });
  });

  it('a higher attempt supersedes (text restarts), an older attempt is ignored, item_aborted retires it', () => {
    const { log } = setup();
    log.appendInbound(started('m1'), 'socket');
    log.appendInbound(delta('m1', 0, 'first try'), 'socket');
    log.appendInbound(started('m1', 2), 'socket');
    log.appendInbound(delta('m1', 0, 'second', 2), 'socket');
    log.appendInbound(delta('m1', 1, 'stale', 1), 'socket');
    log.appendInbound(session({ type: 'item_aborted', item_id: 'm1', attempt: 2, reason: 'interrupted' }), 'socket');
    expect(log.counters().records).toBe(1);
    expect(log.get(1)?.streamItem).toEqual({ itemId: 'm1', attempt: 2, state: 'aborted', text: 'second', reason: 'interrupted' });
  });

  it('a socket closing mid-stream aborts the open item (progress frames are never replayed)', () => {
    const { log } = setup();
    log.appendInbound(started('m1'), 'socket');
    log.appendMeta({ type: 'transition', from: 'open', to: 'closed', cause: 'closed with 1006', attempt: 0 }, 'open → closed');
    expect(log.get(1)?.streamItem).toMatchObject({ state: 'aborted', reason: 'connection closed mid-stream' });
    log.appendInbound(durable('m1', 4), 'socket');
    expect(log.get(1)?.streamItem?.state).toBe('finished');
  });

  it('counts the growing text against the byte cap', () => {
    const { log } = setup();
    log.appendInbound(started('m1'), 'socket');
    const before = log.counters().bytes;
    log.appendInbound(delta('m1', 0, 'x'.repeat(1000)), 'socket');
    expect(log.counters().bytes - before).toBe(1000);
  });

  it('the byte cap holds while a stream grows: older records are evicted and counted', () => {
    const log = new EventLog({ conversationKey: 'k', protocol: 'v1-session', now: () => 0, limits: { maxBytes: 50_000 } });
    for (let i = 0; i < 10; i += 1) log.appendInbound(durable(`old-${i}`, i), 'socket');
    log.appendInbound(started('m1'), 'socket');
    for (let i = 0; i < 100; i += 1) log.appendInbound(delta('m1', i, 'x'.repeat(1000)), 'socket');
    // Before: 100 KB held under a 50 KB cap, nothing evicted (eviction ran on appends only).
    expect(log.counters().dropped).toBeGreaterThan(0);
    expect(log.eventIdList()).not.toContain('old-0');
  });

  it('an endless stream keeps its first MAX_STREAM_TEXT_CHARS and says truncated; the summary ends with what is kept', () => {
    const { log } = setup();
    log.appendInbound(started('m1'), 'socket');
    const piece = (i: number) => `${String(i).padStart(6, '0')}${'y'.repeat(994)}`;
    const deltas = Math.ceil(MAX_STREAM_TEXT_CHARS / 1000) + 50;
    for (let i = 0; i < deltas; i += 1) log.appendInbound(delta('m1', i, piece(i)), 'socket');
    const item = log.get(1)!.streamItem!;
    expect(item.text.length).toBe(MAX_STREAM_TEXT_CHARS);
    expect(item.truncated).toBe(true);
    expect(log.get(1)!.summary).toContain('truncated');
    // The summary's tail, kept as the text grew, is the end of the text held.
    expect(log.get(1)!.summary.endsWith(item.text.slice(-160).replace(/\s+/g, ' '))).toBe(true);
  });
});

describe('events-socket StreamingDeltaEvents', () => {
  it('consecutive deltas are one growing record, finished by the agent message', () => {
    const log = new EventLog({ conversationKey: 'k', protocol: 'v1-events', now: () => 0 });
    const deltaEvent = (i: number, content: string) => decodeFrame('v1-events', JSON.stringify({ kind: 'StreamingDeltaEvent', id: `d${i}`, timestamp: '2026-08-22T14:05:40.1', source: 'agent', content }));
    for (const [i, piece] of ['Don', 'e — ', 'fixed'].entries()) log.appendInbound(deltaEvent(i, piece), 'socket');
    expect(log.counters().records).toBe(1);
    expect(log.get(1)?.streamItem).toMatchObject({ state: 'streaming', text: 'Done — fixed' });
    const final = durable('m9', 1);
    log.appendInbound(decodeFrame('v1-events', JSON.stringify(JSON.parse(final.raw).event)), 'socket');
    expect(log.get(1)?.streamItem?.state).toBe('finished');
    log.appendInbound(deltaEvent(9, 'next turn'), 'socket');
    expect(log.counters().records).toBe(3);
    expect(log.get(3)?.streamItem).toMatchObject({ state: 'streaming', text: 'next turn' });
  });

  const v1 = (value: Record<string, unknown>) => decodeFrame('v1-events', JSON.stringify({ timestamp: '2026-08-22T14:05:40.1', ...value }));
  const streamsOf = (log: EventLog) => log.since(-Infinity).flatMap((r) => (r.streamItem ? [[r.streamItem.text, r.streamItem.state]] : []));

  // The text an LLM streams before a tool call is the ActionEvent's thought: the next response's
  // text used to run on into it ("Let me run the tests.All green."), and a turn that ended with
  // an action and no message stayed "streaming".
  it('the action the deltas were the thought of finishes them; the next response is an item of its own', () => {
    const log = new EventLog({ conversationKey: 'k', protocol: 'v1-events', now: () => 0 });
    const delta = (id: string, content: string) => v1({ kind: 'StreamingDeltaEvent', id, source: 'agent', content });
    log.appendInbound(delta('d1', 'Let me run '), 'socket');
    log.appendInbound(delta('d2', 'the tests.'), 'socket');
    log.appendInbound(v1({ kind: 'ActionEvent', id: 'a1', source: 'agent', thought: [{ type: 'text', text: 'Let me run the tests.' }], action: { kind: 'TerminalAction', command: 'pytest', is_input: false, reset: false }, tool_name: 'terminal', tool_call_id: 'c1' }), 'socket');
    expect(streamsOf(log)).toEqual([['Let me run the tests.', 'finished']]);
    log.appendInbound(v1({ kind: 'ObservationEvent', id: 'o1', source: 'environment', observation: { kind: 'TerminalObservation', content: [], is_error: false, command: 'pytest', exit_code: 0 }, action_id: 'a1', tool_name: 'terminal', tool_call_id: 'c1' }), 'socket');
    log.appendInbound(delta('d3', 'All '), 'socket');
    log.appendInbound(delta('d4', 'green.'), 'socket');
    expect(streamsOf(log)).toEqual([['Let me run the tests.', 'finished'], ['All green.', 'streaming']]);
  });

  // A resume's `since` replay is inclusive (the event at T again), and a first connect's replay
  // interleaves older events with live deltas (§1.4): neither ends the response still streaming.
  it('a duplicate or an older replayed agent event does not end the response still streaming', () => {
    const log = new EventLog({ conversationKey: 'k', protocol: 'v1-events', now: () => 0 });
    const delta = (id: string, content: string) => v1({ kind: 'StreamingDeltaEvent', id, timestamp: '2026-08-22T14:05:41.000001', source: 'agent', content });
    const action = (id: string, timestamp: string) => v1({ kind: 'ActionEvent', id, timestamp, source: 'agent', thought: [], tool_name: 'terminal', tool_call_id: `tc-${id}`, action: { kind: 'TerminalAction', command: 'ls', is_input: false, reset: false } });
    log.appendInbound(action('a1', '2026-08-22T14:05:40.000001'), 'socket');
    log.appendInbound(delta('d1', 'Now I will '), 'socket');
    expect(log.appendInbound(action('a1', '2026-08-22T14:05:40.000001'), 'socket')).toBeNull();
    log.appendInbound(action('a-old', '2026-08-22T13:00:00.000001'), 'socket');
    log.appendInbound(delta('d2', 'run the tests'), 'socket');
    expect(streamsOf(log)).toEqual([['Now I will run the tests', 'streaming']]);
  });

  it('keeps reasoning_content deltas, as the item\'s reasoning', () => {
    const log = new EventLog({ conversationKey: 'k', protocol: 'v1-events', now: () => 0 });
    log.appendInbound(v1({ kind: 'StreamingDeltaEvent', id: 'd1', source: 'agent', reasoning_content: 'The user wants ' }), 'socket');
    log.appendInbound(v1({ kind: 'StreamingDeltaEvent', id: 'd2', source: 'agent', reasoning_content: 'a green run.', content: 'On ' }), 'socket');
    log.appendInbound(v1({ kind: 'StreamingDeltaEvent', id: 'd3', source: 'agent', content: 'it.' }), 'socket');
    expect(log.counters().records).toBe(1);
    expect(log.get(1)?.streamItem).toMatchObject({ reasoning: 'The user wants a green run.', text: 'On it.' });
  });
});

describe('PortOutbox recordsUpdated', () => {
  it('sends one throttled recordsUpdated with the latest version, after pending appends', async () => {
    const posted: BackgroundToPanel[] = [];
    const timers: (() => void)[] = [];
    const outbox = new PortOutbox({ key: 'k', post: (m) => posted.push(m), setTimer: (fn) => { timers.push(fn); } });
    const { log } = setup();
    const record = log.appendInbound(started('m1'), 'socket')!;
    outbox.append(record);
    for (let i = 0; i < 50; i += 1) outbox.update(log.appendInbound(delta('m1', i, `${i} `), 'socket')!);
    expect(timers).toHaveLength(1);
    timers[0]?.();
    expect(posted.map((m) => m.type)).toEqual(['recordsAppended', 'recordsUpdated']);
    const updated = posted[1] as Extract<BackgroundToPanel, { type: 'recordsUpdated' }>;
    expect(updated.records).toHaveLength(1);
    expect((updated.records[0] as LogRecord).streamItem?.text).toContain('49 ');
    await Promise.resolve();
    expect(posted).toHaveLength(2);
  });
});
