import { describe, expect, it } from 'vitest';
import { createV1EventsAdapter } from '../../../src/background/adapters/v1-events';
import { createV1SessionAdapter } from '../../../src/background/adapters/v1-session';
import { createV0SocketIoAdapter } from '../../../src/background/adapters/v0-socketio';
import { featuresFromVersion, resolveAuto } from '../../../src/background/adapters/auto';
import type { DecodedFrame } from '../../../src/shared/record';
import { fakeWebSocketFactory } from '../../fakes/fake-websocket';
import { FakeSocketIo } from '../../fakes/fake-socketio';

const frame = (extra: Partial<DecodedFrame>): DecodedFrame => ({
  validity: 'ok', raw: '', rawEncoding: 'text', size: 0, frameType: 'event', category: 'other', summary: '', ...extra,
});
const req = { serverUrl: 'https://host.example/runtime/7', conversationId: 'abc', cursor: undefined };

describe('v1-events adapter', () => {
  const adapter = createV1EventsAdapter({ createWebSocket: fakeWebSocketFactory().create });
  it('asks for everything the first time, under the path prefix, without the key', () => {
    expect(adapter.buildUrl(req)).toBe('wss://host.example/runtime/7/sockets/events/abc?resend_mode=all');
  });
  it('resumes since the newest timestamp received, URL-encoded', () => {
    let cursor = adapter.advance(undefined, frame({ eventId: 'e2', timestamp: '2026-08-22T14:03:11.482913' }));
    cursor = adapter.advance(cursor, frame({ eventId: 'e1', timestamp: '2026-08-22T14:03:10.000000' }));
    expect(adapter.buildUrl({ ...req, cursor })).toBe(
      'wss://host.example/runtime/7/sockets/events/abc?resend_mode=since&after_timestamp=2026-08-22T14%3A03%3A11.482913',
    );
    expect(cursor?.recentIds).toEqual(['e2', 'e1']);
  });
  it('uses resend_all on servers older than resend_mode', () => {
    const old = createV1EventsAdapter({ createWebSocket: fakeWebSocketFactory().create, legacyResendAll: true });
    expect(old.buildUrl(req)).toContain('resend_all=true');
  });
});

describe('v1-session adapter', () => {
  const adapter = createV1SessionAdapter({ createWebSocket: fakeWebSocketFactory().create });
  it('asks for full history with after_seq=-1, then resumes from the highest seq', () => {
    expect(adapter.buildUrl(req)).toContain('after_seq=-1');
    const cursor = adapter.advance(adapter.advance(undefined, frame({ serverSeq: 0 })), frame({ serverSeq: 1 }));
    expect(adapter.buildUrl({ ...req, cursor })).toBe('wss://host.example/runtime/7/sockets/session/abc?after_seq=1');
  });
  it('counts a jump in seq as a gap', () => {
    expect(adapter.gapBefore({ generation: 'v1-session', afterSeq: 3, recentIds: [] }, frame({ serverSeq: 7 }))).toBe(3);
  });
  it('keeps the cursor at the highest contiguous seq across a live hole, so the resume replays it', () => {
    const fresh = createV1SessionAdapter({ createWebSocket: fakeWebSocketFactory().create });
    let cursor = fresh.advance(undefined, frame({ sync: { fromSeq: null, throughSeq: 1 } }));
    for (const seq of [0, 1]) cursor = fresh.advance(cursor, frame({ serverSeq: seq }));
    expect(fresh.gapBefore(cursor, frame({ serverSeq: 4 }))).toBe(2);
    cursor = fresh.advance(cursor, frame({ serverSeq: 4 }));
    expect(fresh.gapBefore(cursor, frame({ serverSeq: 5 }))).toBe(0);
    cursor = fresh.advance(cursor, frame({ serverSeq: 5 }));
    expect(cursor?.afterSeq).toBe(1);
    // The resume's replay fills the hole, and the frames already held move the cursor on.
    cursor = fresh.advance(cursor, frame({ sync: { fromSeq: 1, throughSeq: 5 } }));
    for (const seq of [2, 3, 4, 5]) cursor = fresh.advance(cursor, frame({ serverSeq: seq }));
    expect(cursor?.afterSeq).toBe(5);
  });
  it('accepts a jump at the start of a replay: the server no longer has those events', () => {
    const fresh = createV1SessionAdapter({ createWebSocket: fakeWebSocketFactory().create });
    const start = fresh.advance({ generation: 'v1-session', afterSeq: 3, recentIds: [] }, frame({ sync: { fromSeq: 3, throughSeq: 20 } }));
    expect(fresh.advance(start, frame({ serverSeq: 10 }))?.afterSeq).toBe(10);
  });
  it('history is complete when seq reaches sync.through_seq', () => {
    adapter.open(req);
    adapter.advance(undefined, frame({ sync: { fromSeq: null, throughSeq: 2 } }));
    expect(adapter.historyComplete(frame({ serverSeq: 1 }), undefined)).toBe(false);
    expect(adapter.historyComplete(frame({ serverSeq: 2 }), undefined)).toBe(true);
  });
});

describe('v0-socketio adapter', () => {
  it('opens socket.io with websocket only, library reconnection off, latest_event_id cursor', () => {
    let made: FakeSocketIo | undefined;
    const adapter = createV0SocketIoAdapter((origin, options) => (made = new FakeSocketIo(origin, options)));
    const cursor = adapter.advance(undefined, frame({ serverSeq: 41, eventId: '41' }));
    const ws = adapter.open({ ...req, cursor });
    expect(made?.options).toMatchObject({ path: '/runtime/7/socket.io', transports: ['websocket'], reconnection: false });
    // `null` without a key, as the real client sends it (a keyed server refuses that; a missing parameter hangs it).
    expect(made?.options.query).toEqual({ conversation_id: 'abc', latest_event_id: '41', session_api_key: 'null' });
    const received: unknown[] = [];
    ws.onmessage = (ev) => received.push(ev.data);
    made?.fire('connect');
    made?.fire('oh_event', { id: 42 });
    expect(ws.readyState).toBe(1);
    expect(received).toEqual(['{"id":42}']);
    const enc = adapter.encode({ as: 'v0-action', event: 'oh_user_action', value: { action: 'message' } });
    if (!enc.ok) throw new Error(enc.error);
    ws.send(enc.wire);
    expect(made?.emitted).toEqual([{ event: 'oh_user_action', args: [{ action: 'message' }] }]);
  });
});

describe('v0-socketio binary oh_event', () => {
  it('passes the bytes on, so the decoder records a binary frame, not {}', () => {
    let made: FakeSocketIo | undefined;
    const adapter = createV0SocketIoAdapter((origin, options) => (made = new FakeSocketIo(origin, options)));
    const ws = adapter.open(req);
    const received: unknown[] = [];
    ws.onmessage = (ev) => received.push(ev.data);
    made?.fire('connect');
    made?.fire('oh_event', new Uint8Array([0x00, 0xff, 0x13, 0x37]).buffer);
    made?.fire('oh_event', Buffer.from([0x01, 0x02]));
    const frames = received.map((data) => adapter.decode(data as ArrayBuffer));
    expect(frames.map((f) => [f.validity, f.rawEncoding, f.size])).toEqual([['binary', 'base64', 4], ['binary', 'base64', 2]]);
    expect(frames[0]?.raw).toBe('AP8TNw==');
  });
});

describe('auto', () => {
  it('maps versions to the newest generation and features', () => {
    expect(featuresFromVersion('1.45.0')).toMatchObject({ generation: 'v1-session', firstMessageAuth: true });
    expect(featuresFromVersion('1.20.3')).toMatchObject({ generation: 'v1-events', resendMode: true, firstMessageAuth: true });
    expect(featuresFromVersion('1.16.0')).toMatchObject({ generation: 'v1-events', resendMode: true, firstMessageAuth: false });
    expect(featuresFromVersion('1.2.0')).toMatchObject({ resendMode: false });
  });
  it('falls back to V1 REST, then V0, on answers that say no', async () => {
    const noVersion = async (): Promise<string | undefined> => undefined;
    expect((await resolveAuto({ serverInfoVersion: noVersion, v1RestAnswers: async () => true })).generation).toBe('v1-events');
    expect((await resolveAuto({ serverInfoVersion: noVersion, v1RestAnswers: async () => false })).generation).toBe('v0-socketio');
  });
  it('guesses nothing when the server could not be asked', async () => {
    const unreachable = async (): Promise<never> => { throw new Error('Failed to fetch'); };
    await expect(resolveAuto({ serverInfoVersion: unreachable, v1RestAnswers: async () => false })).rejects.toThrow('Failed to fetch');
    await expect(resolveAuto({ serverInfoVersion: async () => undefined, v1RestAnswers: unreachable })).rejects.toThrow('Failed to fetch');
  });
});
