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
