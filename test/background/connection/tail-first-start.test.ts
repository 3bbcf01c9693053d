// The first view of a large v1-events conversation waits for the newest REST page; the count
// only decides whether to go newest-first. The server answers the two in turn, so the page is
// asked first, and it is decoded while the count is still on its way.
import { describe, expect, it } from 'vitest';
import { startTailFirst } from '../../../src/background/resume/tail-first';
import type { EventSearch } from '../../../src/background/rest';
import { RecordingSink } from './harness';

const events = Array.from({ length: 1_500 }, (_, i) => ({ kind: 'MessageEvent', id: `e${i}`, timestamp: `2026-11-25T10:00:00.${String(i).padStart(6, '0')}` }));
const options = { threshold: 1_000, now: () => 0, wait: async () => undefined };

/** REST over `events` whose count answers only when the test says so; `asked` lists the requests in order. */
function restWithHeldCount() {
  const asked: string[] = [];
  let answerCount: (n: number) => void = () => undefined;
  const rest = {
    countEvents: (): Promise<number> => {
      asked.push('count');
      return new Promise((resolve) => { answerCount = resolve; });
    },
    async searchEvents(_id: string, search: EventSearch) {
      asked.push('search');
      const items = [...events].reverse().slice(0, search.limit ?? 100);
      return { items, raws: items.map((e) => JSON.stringify(e)), next_page_id: events[events.length - 101]!.id };
    },
  };
  return { rest, asked, answerCount: (n: number) => answerCount(n) };
}

describe('newest-first start (v1-events)', () => {
  it('asks for the newest page before the count, and shows it once the count says the conversation is large', async () => {
    const { rest, asked, answerCount } = restWithHeldCount();
    const sink = new RecordingSink();
    const started = startTailFirst(rest, 'c', 'v1-events', sink, options);
    expect(asked).toEqual(['search', 'count']);
    // The page is in; nothing is shown before the count decides.
    await Promise.resolve();
    expect(sink.inbound).toHaveLength(0);
    answerCount(events.length);
    const start = await started;
    expect(start?.cursor.afterTimestamp).toBe(events.at(-1)!.timestamp);
    expect(sink.inbound.map((f) => (JSON.parse(f.raw) as { id: string }).id)).toEqual(events.slice(-100).map((e) => e.id));
  });

  it('shows nothing and replays everything when the count says the conversation is small', async () => {
    const { rest, answerCount } = restWithHeldCount();
    const sink = new RecordingSink();
    const started = startTailFirst(rest, 'c', 'v1-events', sink, options);
    answerCount(900);
    expect(await started).toBeUndefined();
    expect(sink.inbound).toHaveLength(0);
  });
});
