// The mock's event search pages a big log by binary-searched ranges (linear paging instead of
// quadratic); it must answer exactly what the plain filter-and-slice reading of §3.1 answers.
import { describe, expect, it } from 'vitest';
import { countEvents, matches, filterFromQuery, searchEvents } from '../../src/server/event-search';
import type { EventJson } from '../../src/server/store';

function reference(events: readonly EventJson[], params: URLSearchParams) {
  const limit = Number(params.get('limit') ?? '100');
  const filter = filterFromQuery(params);
  const list = events.filter((e) => matches(e, filter));
  const ordered = params.get('sort_order') === 'TIMESTAMP_DESC' ? list.reverse() : list;
  const pageId = params.get('page_id');
  const start = Math.max(0, pageId === null ? 0 : ordered.findIndex((e) => e.id === pageId));
  return { items: ordered.slice(start, start + limit), next_page_id: ordered[start + limit]?.id ?? null };
}

function makeLog(n: number, random: () => number, sorted: boolean): EventJson[] {
  const events: EventJson[] = [];
  let t = 0;
  for (let i = 0; i < n; i += 1) {
    t += Math.floor(random() * 3); // repeated timestamps too
    const ts = `2026-11-25T10:00:${String(t % 60).padStart(2, '0')}.${String(t).padStart(6, '0')}`;
    events.push({ kind: i % 3 === 0 ? 'MessageEvent' : 'ActionEvent', id: `e${i}`, timestamp: ts, source: i % 2 ? 'agent' : 'user' } as EventJson);
  }
  if (!sorted) events.reverse();
  return events;
}

describe('mock event search', () => {
  it('answers every random time-window, order, page and limit (and counts) exactly as filter-and-slice does', () => {
    let seed = 7;
    const random = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
    for (const sorted of [true, false]) {
      const events = makeLog(400, random, sorted);
      for (let round = 0; round < 300; round += 1) {
        const params = new URLSearchParams({ limit: String(1 + Math.floor(random() * 100)) });
        if (random() < 0.5) params.set('sort_order', 'TIMESTAMP_DESC');
        if (random() < 0.5) params.set('timestamp__gte', events[Math.floor(random() * events.length)]!.timestamp);
        if (random() < 0.5) params.set('timestamp__lt', events[Math.floor(random() * events.length)]!.timestamp);
        if (random() < 0.2) params.set('source', 'agent');
        if (random() < 0.5) params.set('page_id', random() < 0.9 ? events[Math.floor(random() * events.length)]!.id : 'unknown');
        expect(searchEvents(events, params), params.toString()).toEqual(reference(events, params));
        expect(countEvents(events, params), params.toString()).toBe(events.filter((e) => matches(e, filterFromQuery(params))).length);
      }
    }
  });

  it('pages a whole log newest-first below a timestamp, each event once', () => {
    const events = makeLog(1_000, () => 0.6, true);
    const cut = events[700]!.timestamp;
    const seen: string[] = [];
    let pageId: string | null = null;
    do {
      const params = new URLSearchParams({ sort_order: 'TIMESTAMP_DESC', timestamp__lt: cut, ...(pageId ? { page_id: pageId } : {}) });
      const page = searchEvents(events, params);
      seen.push(...page.items.map((e) => e.id));
      pageId = page.next_page_id;
    } while (pageId);
    expect(seen).toEqual(events.filter((e) => e.timestamp < cut).map((e) => e.id).reverse());
  });
});
