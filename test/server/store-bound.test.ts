import { describe, expect, it } from 'vitest';
import { ConversationStore } from '../../src/server/store';

describe('ConversationStore bound', () => {
  it('never holds more than the bound, drops the oldest, and keeps seqs and ranges consistent', () => {
    const store = new ConversationStore(() => 640);
    const c = store.create({ generation: 'v1', title: 't' });
    for (let i = 0; i < 2000; i += 1) {
      store.append(c.id, { kind: 'MessageEvent', source: 'user', n: i } as never);
      expect(c.events.length).toBeLessThanOrEqual(640);
    }
    expect(c.events.length).toBeGreaterThanOrEqual(640 - 10);
    expect(c.droppedCount + c.events.length).toBe(2000);
    const newest = c.events[c.events.length - 1] as unknown as { n: number };
    expect(newest.n).toBe(1999);
    expect((c.events[0] as unknown as { n: number }).n).toBe(c.droppedCount);
  });
});
