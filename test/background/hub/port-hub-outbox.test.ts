import { describe, expect, it } from 'vitest';
import { PortOutbox, previewOf } from '../../../src/background/port-hub-outbox';
import type { BackgroundToPanel } from '../../../src/shared/port/messages';
import type { LogRecord } from '../../../src/shared/record';

function record(seq: number, raw = '{}'): LogRecord {
  return {
    validity: 'ok', raw, rawEncoding: 'text', size: raw.length, frameType: 'event', category: 'other', summary: '',
    seq, conversationKey: 'k', direction: 'in', receivedAt: 0, protocol: 'v1-events',
  };
}

const tick = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('PortOutbox', () => {
  it('batches appends of one tick into capped recordsAppended messages', async () => {
    const posted: BackgroundToPanel[] = [];
    const outbox = new PortOutbox({ key: 'k', post: (m) => posted.push(m), maxBatch: 2 });
    for (let seq = 1; seq <= 3; seq += 1) outbox.append(record(seq));
    expect(posted).toHaveLength(0);
    await tick();
    expect(posted.map((m) => (m.type === 'recordsAppended' ? m.records.map((r) => r.seq) : m.type))).toEqual([[1, 2], [3]]);
  });

  it('collapses into one resync when the queue overflows', async () => {
    const posted: BackgroundToPanel[] = [];
    const outbox = new PortOutbox({ key: 'k', post: (m) => posted.push(m), maxQueued: 2 });
    for (let seq = 1; seq <= 5; seq += 1) outbox.append(record(seq));
    await tick();
    expect(posted.map((m) => m.type)).toEqual(['resync']);
  });

  it('cuts large raw to a preview marked rawTruncated', () => {
    const preview = previewOf(record(1, 'x'.repeat(10)), 4);
    expect(preview).toMatchObject({ raw: 'xxxx', rawTruncated: true });
    expect(previewOf(record(2, 'xy'), 4).rawTruncated).toBeUndefined();
  });
});
