// A conversation detached while its older history loads asks the server nothing more. The
// first open's reconciliation (a count, then a search) used to run once the stopped backfill
// settled, and the backfill asked for the page after the one in flight: on a detach and a
// quick re-attach, those requests went out with the new attach's first ones and delayed them.
import { describe, expect, it } from 'vitest';
import { createWiredConnection } from '../../../src/background/conversation-socket-factory';
import type { FetchLike } from '../../../src/background/contracts';
import { FakeClock } from '../../fakes/fake-clock';
import { fakeWebSocketFactory } from '../../fakes/fake-websocket';
import { RecordingSink } from './harness';

const events = Array.from({ length: 1_500 }, (_, i) => ({ kind: 'PauseEvent', id: `e${i}`, source: 'user', timestamp: `2026-11-25T10:00:00.${String(i).padStart(6, '0')}` }));
const json = (body: unknown) => new Response(JSON.stringify(body));
const settle = async () => { for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r)); };

/** §3.1 search and count over `events`; a backfill page (timestamp__lt) waits for `release`. */
function server() {
  const asked: { url: string; afterDetach: boolean }[] = [];
  let detached = false;
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => { release = resolve; });
  const fetch: FetchLike = async (input) => {
    const url = new URL(input);
    asked.push({ url: `${url.pathname.replace(/^.*\/events/, '/events')}${url.search}`, afterDetach: detached });
    const lt = url.searchParams.get('timestamp__lt');
    const gte = url.searchParams.get('timestamp__gte');
    const matching = events.filter((e) => (lt === null || e.timestamp < lt) && (gte === null || e.timestamp >= gte));
    if (url.pathname.endsWith('/events/count')) return json(matching.length);
    if (!url.pathname.endsWith('/events/search')) return json({ id: '00000000-0000-4000-8000-0000000000c1' });
    if (lt !== null) await held;
    const ordered = url.searchParams.get('sort_order') === 'TIMESTAMP_DESC' ? [...matching].reverse() : matching;
    const pageId = url.searchParams.get('page_id');
    const start = pageId === null ? 0 : ordered.findIndex((e) => e.id === pageId);
    return json({ items: ordered.slice(start, start + 100), next_page_id: ordered[start + 100]?.id ?? null });
  };
  return { fetch, asked, release, detach: () => { detached = true; } };
}

describe('detached while the older history loads', () => {
  it('asks nothing more: no reconciliation, no page after the one in flight', async () => {
    const rest = server();
    const sockets = fakeWebSocketFactory();
    const connection = createWiredConnection({
      target: { serverUrl: 'http://agent.example:8000', conversationId: '00000000-0000-4000-8000-0000000000c1', protocol: 'v1-events' },
      sink: new RecordingSink(), clock: new FakeClock(), fetch: rest.fetch, createWebSocket: sockets.create,
      createSocketIo: () => { throw new Error('unused'); },
      getSessionKey: async () => undefined, random: () => 0.5, tailFirstAbove: 1_000,
    });
    connection.start();
    await settle();
    sockets.last().serverOpen();
    await settle();
    // The backfill's first page is on its way (its answer waits).
    expect(rest.asked.filter((a) => a.url.includes('timestamp__lt'))).toHaveLength(1);

    rest.detach();
    connection.dispose();
    rest.release();
    await settle();
    expect(rest.asked.filter((a) => a.afterDetach).map((a) => a.url)).toEqual([]);
  });
});
