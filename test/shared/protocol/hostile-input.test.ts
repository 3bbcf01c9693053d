import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../../src/shared/protocol/decode-frame';
import { decodeOutgoing } from '../../../src/shared/protocol/client-frames';
import type { Generation } from '../../../src/shared/protocol/generation';

const GENERATIONS: Generation[] = ['v1-events', 'v1-session', 'v0-socketio'];
const VALIDITIES = ['ok', 'unknown-kind', 'invalid', 'not-json', 'binary'];

/** Deterministic PRNG so a failure reproduces. */
function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

function hostileInputs(): string[] {
  const deep = 100_000;
  const event = (extra: string) => `{"kind":"MessageEvent","id":"i","timestamp":"t","source":"user",${extra}}`;
  return [
    '['.repeat(deep) + ']'.repeat(deep),
    '{"a":'.repeat(deep) + '1' + '}'.repeat(deep),
    event(`"llm_message":{"role":"user","content":[{"type":"text","text":"${'x'.repeat(10_000_000)}"}]}`),
    event('"llm_message":{"role":"user","content":[{"type":"text","text":"\\ud800 lone \\udfff"}]}'),
    '{"kind":"A\ud800","id":"\udc00","timestamp":"t","source":"agent"}',
    event('"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"llm_message":{"role":"user","content":[]}'),
    '{"kind":5,"id":[],"timestamp":{},"source":null}',
    '{"type":"durable","seq":"1","event":[]}', '{"type":"delta","item_id":7}', '{"type":{"x":1}}',
    '{"action":{"run":1},"args":"no"}', '{"status_update":true,"id":{"x":1}}',
    '', ' ', 'null', 'true', '1e999', '"\\u0000"', '{"kind":"ActionEvent"}',
  ];
}

describe('decodeFrame hostile input', () => {
  it('never throws and returns a sane validity for hostile text', () => {
    for (const text of hostileInputs()) {
      for (const protocol of GENERATIONS) {
        const frame = decodeFrame(protocol, text);
        expect(VALIDITIES).toContain(frame.validity);
        expect(typeof frame.summary).toBe('string');
        expect(frame.summary.length).toBeLessThanOrEqual(160);
        expect(frame.raw).toBe(text);
      }
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('keeps a 10 MB message valid and its summary short', () => {
    const text = `{"kind":"MessageEvent","id":"i","timestamp":"t","source":"user","llm_message":{"role":"user","content":[{"type":"text","text":"${'x'.repeat(10_000_000)}"}]}}`;
    const frame = decodeFrame('v1-events', text);
    expect(frame.validity).toBe('ok');
    expect(frame.size).toBe(text.length);
    expect(frame.summary.length).toBeLessThanOrEqual(160);
  });

  it('survives random bytes and random JSON-ish text', () => {
    const random = prng(42);
    const alphabet = '{}[]":,0123456789abcdefkindtypeeventseq\\u\ud800 \n';
    for (let round = 0; round < 2000; round++) {
      const length = Math.floor(random() * 200);
      const bytes = new Uint8Array(length).map(() => Math.floor(random() * 256));
      let text = '';
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const protocol = GENERATIONS[round % 3] ?? 'v1-events';
      expect(decodeFrame(protocol, bytes).validity).toBe('binary');
      expect(VALIDITIES).toContain(decodeFrame(protocol, text).validity);
      expect(VALIDITIES).toContain(decodeOutgoing(protocol, text).validity);
    }
  });
});

// Identifying fields cross to the panel whole in every listing (only raw is cut to a preview), so
// a hostile 1 MB `kind` took 38 MB of panel heap for 8 events. Longer than any real one: invalid,
// and the field is not kept.
describe('identifying fields longer than any real one', () => {
  const long = 'K'.repeat(1_000_000);
  const factsOf = (frame: ReturnType<typeof decodeFrame>) => [frame.kind, frame.source, frame.eventId, frame.timestamp, frame.nestedKind, frame.stateKey, frame.actionId, frame.toolCallId];

  it.each([
    ['kind', `{"kind":"${long}","id":"i","timestamp":"t","source":"agent"}`],
    ['source', `{"kind":"MessageEvent","id":"i","timestamp":"t","source":"${long}","llm_message":{"role":"user","content":[]}}`],
    ['action_id', `{"kind":"ObservationEvent","id":"i","timestamp":"t","source":"environment","action_id":"${long}","tool_call_id":"c","tool_name":"x","observation":{"kind":"X","content":[]}}`],
    ['key', `{"kind":"ConversationStateUpdateEvent","id":"i","timestamp":"t","source":"environment","key":"${long}","value":1}`],
  ])('a V1 event with a 1 MB %s is invalid and keeps no field that long', (field, raw) => {
    const frame = decodeFrame('v1-events', raw);
    expect(frame.validity).toBe('invalid');
    expect(frame.issues?.some((issue) => issue.path.endsWith(field))).toBe(true);
    for (const value of factsOf(frame)) expect((value ?? '').length).toBeLessThanOrEqual(256);
  });

  it('a V0 event with a 1 MB action or source keeps no field that long', () => {
    const action = decodeFrame('v0-socketio', `{"id":1,"action":"${long}","source":"agent","args":{}}`);
    expect(action.validity).toBe('invalid');
    const source = decodeFrame('v0-socketio', `{"id":1,"action":"run","source":"${long}","args":{}}`);
    for (const frame of [action, source]) for (const value of factsOf(frame)) expect((value ?? '').length).toBeLessThanOrEqual(256);
  });
});
