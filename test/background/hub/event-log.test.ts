import { describe, expect, it } from 'vitest';
import { EventLog } from '../../../src/background/event-log';
import type { DecodedFrame } from '../../../src/shared/record';

function frame(eventId: string, raw = `{"id":"${eventId}"}`): DecodedFrame {
  return { validity: 'ok', raw, rawEncoding: 'text', size: raw.length, frameType: 'event', category: 'other', eventId, summary: eventId };
}

function makeLog(limits = {}) {
  return new EventLog({ conversationKey: 'k', protocol: 'v1-events', now: () => 1, limits });
}

describe('EventLog', () => {
  it('assigns increasing seq and serves since/get', () => {
    const log = makeLog();
    log.appendInbound(frame('a'), 'socket');
    log.appendInbound(frame('b'), 'socket');
    expect(log.since(1).map((r) => r.eventId)).toEqual(['b']);
    expect(log.get(1)?.eventId).toBe('a');
  });

  it('serves since() for any cursor: before the oldest, between, past the newest, fractional', () => {
    const log = makeLog({ maxRecords: 3 });
    for (const id of ['a', 'b', 'c', 'd', 'e']) log.appendInbound(frame(id), 'socket'); // a and b evicted
    const ids = (seq: number) => log.since(seq).map((r) => r.eventId).join('');
    expect([ids(-Infinity), ids(0), ids(2), ids(3), ids(3.5), ids(5), ids(99)]).toEqual(['cde', 'cde', 'cde', 'de', 'de', '', '']);
  });

  it('holds no copy of the event\'s own timestamp (its text is in raw)', () => {
    const log = makeLog();
    const raw = '{"id":"t","timestamp":"2026-11-25T12:00:00.000001"}';
    const held = log.appendInbound({ ...frame('t', raw), timestamp: '2026-11-25T12:00:00.000001' }, 'socket');
    const older = log.prependHistory([{ ...frame('s', raw.replace('"t"', '"s"')), timestamp: '2026-11-25T12:00:00.000001' }]);
    expect(held && 'timestamp' in held).toBe(false);
    expect(older.map((r) => 'timestamp' in r)).toEqual([false]);
  });

  it('drops and counts duplicates by event id', () => {
    const log = makeLog();
    expect(log.appendInbound(frame('a'), 'socket')).not.toBeNull();
    expect(log.appendInbound(frame('a'), 'rest')).toBeNull();
    expect(log.counters()).toMatchObject({ records: 1, duplicates: 1 });
  });

  it('caps by records and counts dropped, keeping meta in its own ring', () => {
    const log = makeLog({ maxRecords: 3 });
    log.appendMeta({ type: 'note', message: 'hello' }, 'hello');
    for (const id of ['a', 'b', 'c', 'd']) log.appendInbound(frame(id), 'socket');
    expect(log.counters()).toMatchObject({ records: 3, dropped: 2 });
    expect(log.oldestSeq()).toBe(3);
    expect(log.metaRecords().map((r) => r.summary)).toEqual(['hello']);
  });

  it('caps by bytes', () => {
    const log = makeLog({ maxBytes: 25 });
    log.appendInbound(frame('a', 'x'.repeat(10)), 'socket');
    log.appendInbound(frame('b', 'x'.repeat(10)), 'socket');
    log.appendInbound(frame('c', 'x'.repeat(10)), 'socket');
    expect(log.counters()).toMatchObject({ records: 2, bytes: 20, dropped: 1 });
  });

  it('keeps the dedupe id set bounded', () => {
    const log = makeLog({ maxEventIds: 2 });
    for (const id of ['a', 'b', 'c']) log.appendInbound(frame(id), 'socket');
    expect(log.hasEventId('a')).toBe(false);
    expect(log.hasEventId('c')).toBe(true);
  });
});
