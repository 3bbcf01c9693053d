import { describe, expect, it } from 'vitest';
import { PREVIEW_RAW_CHARS, STREAM_TEXT_LISTING_CHARS, listingCutsRaw, listingOf, payloadStaysInSw } from '../../../src/background/port-listing';
import { deriveState, reduceState } from '../../../src/shared/conversation-state';
import { decodeFrame } from '../../../src/shared/protocol/decode-frame';
import { decodeOutgoing } from '../../../src/shared/protocol/client-frames';
import type { Generation } from '../../../src/shared/protocol/generation';
import type { LogRecord } from '../../../src/shared/record';
import { CLIENT_FRAMES, SESSION_EXAMPLES, V0_EXAMPLES, V1_EXAMPLES } from '../../fixtures/protocol/examples';

let nextSeq = 1;
function received(protocol: Generation, raw: string): LogRecord {
  const seq = nextSeq++;
  return { ...decodeFrame(protocol, raw), seq, conversationKey: 'k', direction: 'in', receivedAt: seq, protocol };
}

const v1 = Object.values(V1_EXAMPLES).map((raw) => received('v1-events', raw));
const session = Object.values(SESSION_EXAMPLES).map((raw) => received('v1-session', raw));
const v0 = Object.values(V0_EXAMPLES).map((raw) => received('v0-socketio', raw));
const byKind = (kind: string) => v1.find((r) => r.kind === kind)!;

describe('port listings', () => {
  it('leave an ordinary event\'s raw text in the SW and keep every decoded field', () => {
    const observation = byKind('ObservationEvent');
    const listing = listingOf(observation);
    expect(listing).toMatchObject({ raw: '', rawTruncated: true });
    const { raw: _r, ...decoded } = observation;
    expect(listing).toStrictEqual({ ...decoded, raw: '', rawTruncated: true });
    expect(observation.raw.length).toBeGreaterThan(0); // the held record is untouched
  });

  it('keep whole what the panel folds or re-sends, and what failed to decode', () => {
    const whole = [
      ...v1.filter((r) => ['ConversationStateUpdateEvent', 'AgentErrorEvent', 'ConversationErrorEvent', 'ServerErrorEvent'].includes(r.kind ?? '')),
      ...v1.filter((r) => r.kind === 'MessageEvent' && r.source === 'user'),
      session.find((r) => r.frameType === 'error')!, session.find((r) => r.frameType === 'sync')!,
      ...v0.filter((r) => r.frameType !== 'v0-event'),
      received('v1-events', '{"kind":"ActionEvent","id":1}'), // invalid
      received('v1-events', '{not json'),
      { ...decodeOutgoing('v1-events', CLIENT_FRAMES.messageList), seq: 900, conversationKey: 'k', direction: 'out', receivedAt: 0, protocol: 'v1-events' } as LogRecord,
    ];
    expect(whole.length).toBeGreaterThan(12);
    for (const record of whole) {
      expect(listingOf(record), record.summary).toBe(record);
      expect(listingCutsRaw(record)).toBe(false);
    }
  });

  it('cut a kept payload over 4 KB to a preview, and state updates only far above that', () => {
    const big = received('v1-events', `{"kind":"AgentErrorEvent","id":"e","source":"agent","timestamp":"t","tool_name":"x","tool_call_id":"c","error":"${'z'.repeat(10_000)}"}`);
    expect(payloadStaysInSw(big)).toBe(false);
    expect(listingOf(big)).toMatchObject({ raw: big.raw.slice(0, PREVIEW_RAW_CHARS), rawTruncated: true });
    expect(listingCutsRaw(big)).toBe(true);
    const fullState = received('v1-events', `{"kind":"ConversationStateUpdateEvent","id":"s","source":"environment","timestamp":"t","key":"full_state","value":{"title":"${'z'.repeat(50_000)}"}}`);
    expect(listingOf(fullState)).toBe(fullState);
  });

  it('fold to the same conversation state as the full records, frame by frame and as a whole, in every generation', () => {
    const all = [...v1, ...session, ...v0];
    const cut = all.filter((r) => listingOf(r).rawTruncated && listingOf(r).raw === '');
    expect(cut.length).toBeGreaterThan(10); // most V1 kinds do travel without raw
    expect(deriveState(all.map(listingOf))).toEqual(deriveState(all));
    const midway = deriveState(v1.filter((r) => r.kind === 'ActionEvent'));
    expect([...midway.pendingActions.keys()].length).toBeGreaterThan(0);
    for (const record of all) expect(reduceState(midway, listingOf(record)), record.summary).toEqual(reduceState(midway, record));
  });

  it('carry only the end of a long streamed text and reasoning, saying how much they left out', () => {
    const opened = session.find((r) => r.frameType === 'item_started')!;
    const text = `${'a'.repeat(100_000)}the end`;
    const reasoning = `${'r'.repeat(STREAM_TEXT_LISTING_CHARS)}!`;
    const item = { ...opened, streamItem: { itemId: 'i1', attempt: 1, state: 'streaming' as const, text, reasoning } };
    const listing = listingOf(item);
    expect(listing.streamItem).toEqual({
      itemId: 'i1', attempt: 1, state: 'streaming',
      text: text.slice(-STREAM_TEXT_LISTING_CHARS), textOmitted: text.length - STREAM_TEXT_LISTING_CHARS,
      reasoning: reasoning.slice(1), reasoningOmitted: 1,
    });
    expect(listing.rawTruncated).toBe(true); // so the detail and the export fetch the whole record
    expect(listing.raw).toBe(opened.raw);
    expect(item.streamItem.text).toBe(text); // the held record is untouched

    const short = { ...opened, streamItem: { itemId: 'i2', attempt: 1, state: 'finished' as const, text: 'short' } };
    expect(listingOf(short)).toBe(short);
  });
});

