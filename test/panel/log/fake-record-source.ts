/** A tiny RecordSource for event-list tests: the array and signals the panel store would hold. */
import { batch, signal } from '@preact/signals';
import type { LogRecord } from '../../../src/shared/record';
import type { RecordSource } from '../../../src/panel/components/log';

export class FakeRecordSource implements RecordSource {
  readonly records: LogRecord[] = [];
  readonly version = signal(0);
  readonly droppedBefore = signal(0);
  readonly generation = signal(0);

  append(...records: LogRecord[]): void {
    for (const r of records) this.records.push(r);
    this.version.value += 1;
  }
  /** Replaces the record with the same seq (the store's in-place update). */
  update(record: LogRecord): void {
    const index = this.records.findIndex((r) => r.seq === record.seq);
    if (index < 0) throw new Error(`no record ${record.seq}`);
    this.records[index] = record;
    this.version.value += 1;
  }
  /** Drops the oldest `count` records the way the store's cap does. */
  dropOldest(count: number): void {
    batch(() => {
      this.records.splice(0, count);
      this.droppedBefore.value += count;
      this.generation.value += 1;
      this.version.value += 1;
    });
  }
}

let nextSeq = 1;

/** A received event record with sensible defaults; seq increases by itself unless given. */
export function makeRecord(extra: Partial<LogRecord> = {}): LogRecord {
  const seq = extra.seq ?? nextSeq++;
  if (seq >= nextSeq) nextSeq = seq + 1;
  return {
    seq, conversationKey: 'c1', direction: 'in', receivedAt: Date.UTC(2026, 0, 1), protocol: 'v1-events',
    validity: 'ok', raw: '{}', rawEncoding: 'text', size: 2, frameType: 'event', category: 'message',
    kind: 'MessageEvent', source: 'agent', summary: `record ${seq}`, eventId: `ev-${seq}`,
    ...extra,
  };
}
