import { describe, expect, it } from 'vitest';
import { V0EventLog } from '../../src/server/index';
import { TimestampSource } from '../../src/server/time';

describe('V0 event log', () => {
  it('numbers events from 0 and replays exactly those after an id', () => {
    const log = new V0EventLog(new TimestampSource(), () => 1000);
    for (let i = 0; i < 5; i += 1) log.append('c', { source: 'agent', action: 'message', args: { content: String(i) } });
    expect(log.after('c', -1).map((e) => e.id)).toEqual([0, 1, 2, 3, 4]);
    expect(log.after('c', 2).map((e) => e.id)).toEqual([3, 4]);
    expect(log.after('c', 0, 2).map((e) => e.id)).toEqual([1, 2]);
    expect(log.latestId('empty')).toBe(-1);
  });

  it('keeps at most maxEventsPerConversation events, dropping the oldest; ids and replay stay consistent', () => {
    const log = new V0EventLog(new TimestampSource(), () => 640);
    for (let i = 0; i < 2000; i += 1) log.append('c', { source: 'agent', action: 'message', args: { content: String(i) } });
    expect(log.count('c')).toBeLessThanOrEqual(640);
    expect(log.latestId('c')).toBe(1999);
    const kept = log.after('c', -1);
    expect(kept.map((e) => e.id)).toEqual(Array.from({ length: kept.length }, (_, i) => 2000 - kept.length + i));
    expect(log.after('c', 1990).map((e) => e.id)).toEqual([1991, 1992, 1993, 1994, 1995, 1996, 1997, 1998, 1999]);
  });

  it('publishes appends and notices to subscribers until they unsubscribe', () => {
    const log = new V0EventLog(new TimestampSource(), () => 1000);
    const seen: string[] = [];
    const off = log.subscribe('c', (signal) => seen.push(signal.type));
    log.append('c', { source: 'user', action: 'message', args: { content: 'hi' } });
    log.notify('c', { error: true, message: 'x' });
    log.persistQuietly('c', { source: 'user', action: 'message', args: { content: 'quiet' } });
    off();
    log.append('c', { source: 'user', action: 'message', args: { content: 'after' } });
    expect(seen).toEqual(['event', 'notice']);
  });
});
