// One pager for every reader of REST history: pages chained by page_id, a page limit that
// says when more were left, and no request beyond what the reader asked for.
import { describe, expect, it } from 'vitest';
import { eventPages } from '../../../src/background/resume/event-pages';
import type { EventSearch } from '../../../src/background/rest';

function pagedRest(total: number) {
  const asked: (string | undefined)[] = [];
  const events = Array.from({ length: total }, (_, i) => ({ id: `e${i}` }));
  return {
    asked,
    async searchEvents(_id: string, search: EventSearch) {
      asked.push(search.pageId);
      const start = search.pageId === undefined ? 0 : events.findIndex((e) => e.id === search.pageId);
      const items = events.slice(start, start + 100);
      return { items, raws: items.map((e) => JSON.stringify(e)), next_page_id: events[start + 100]?.id ?? null };
    },
  };
}

const ids = async (pages: AsyncGenerator<{ event: { id: string } }[]>, stopAfter = Infinity) => {
  const out: string[] = [];
  for await (const page of pages) {
    out.push(...page.map((item) => item.event.id));
    if (out.length >= stopAfter) break;
  }
  return out;
};

describe('eventPages', () => {
  it('reads every page once, in order, and no further', async () => {
    const rest = pagedRest(250);
    expect(await ids(eventPages(rest, 'c', {}, { maxPages: 10 }))).toEqual(Array.from({ length: 250 }, (_, i) => `e${i}`));
    expect(rest.asked).toEqual([undefined, 'e100', 'e200']);
  });

  it('at the page limit says so, only when pages were left, without asking for them', async () => {
    let limited = 0;
    const rest = pagedRest(450);
    expect(await ids(eventPages(rest, 'c', {}, { maxPages: 2, onLimit: () => { limited += 1; } }))).toHaveLength(200);
    expect(rest.asked).toHaveLength(2);
    expect(limited).toBe(1);
    await ids(eventPages(pagedRest(200), 'c', {}, { maxPages: 2, onLimit: () => { limited += 1; } }));
    expect(limited).toBe(1);
  });

  it('a reader that stops early costs no further request; ahead asks exactly one page ahead', async () => {
    const lazy = pagedRest(1_000);
    await ids(eventPages(lazy, 'c', {}, { maxPages: 100 }), 150);
    expect(lazy.asked).toHaveLength(2);
    const eager = pagedRest(1_000);
    await ids(eventPages(eager, 'c', {}, { maxPages: 100, ahead: true }), 150);
    expect(eager.asked).toHaveLength(3);
  });
});
