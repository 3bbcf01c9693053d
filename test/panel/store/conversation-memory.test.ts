import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { shareWithRaw } from '../../../src/shared/compact-record';
import { Conversation } from '../../../src/panel/store/conversation';
import { ACTION_ID_PREFIX, KEY, overThePort } from './port-records';
import { seqStringsStartingWith } from '../../heap-strings';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = (): number => { gc(); gc(); return getHeapStatistics().used_heap_size; };

/** Conversation compacts what it admits (compact-record.ts): measured on the heap, after GC. */
describe('Conversation record memory', () => {
  it('frees the repeated strings of records admitted from the port (heap after GC)', () => {
    const count = 20_000;
    const conversation = new Conversation(KEY, { type: 'live' });
    const records = overThePort(count);
    const before = heapAfterGc();
    conversation.admit(records);
    const after = heapAfterGc();
    expect(conversation.source.records).toHaveLength(count);
    // Eleven fresh strings per record (~16–72 bytes each) become shared; the buffer and the
    // event-id index add ~30 bytes per record. Without interning the heap grows instead.
    expect((before - after) / count).toBeGreaterThan(100);
  });

  it('compacts records replaced in place too: the heap ends where admitting alone left it', () => {
    const count = 20_000;
    const conversation = new Conversation(KEY, { type: 'live' });
    conversation.admit(overThePort(count));
    const admitted = heapAfterGc();
    conversation.replace(overThePort(count));
    const replaced = heapAfterGc();
    expect(conversation.source.records[count - 1]?.seq).toBe(count);
    expect((replaced - admitted) / count).toBeLessThan(100);
  });

  it('keeps link ids as slices of the raw text: their own strings are gone from the heap', async () => {
    const records = overThePort(200);
    const prefix = ACTION_ID_PREFIX;
    expect(await seqStringsStartingWith(prefix)).toBeGreaterThanOrEqual(200);
    for (const r of records) shareWithRaw(r);
    expect(await seqStringsStartingWith(prefix)).toBeLessThan(10);
    expect(records.every((r) => r.actionId !== undefined && r.raw.includes(r.actionId))).toBe(true);
  });

  it('compacts the records of an imported recording too', async () => {
    const records = overThePort(200);
    const prefix = ACTION_ID_PREFIX;
    new Conversation('imported:x', { type: 'imported', header: { title: 'x' } }).load(records);
    expect(await seqStringsStartingWith(prefix)).toBeLessThan(10);
  });
});
