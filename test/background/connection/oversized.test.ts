import { describe, expect, it } from 'vitest';
import { createV1SessionAdapter } from '../../../src/background/adapters/v1-session';
import { fetchOversizedSessionEvent } from '../../../src/background/resume/oversized-session-event';
import type { ResumeCursor } from '../../../src/background/contracts';
import { fakeWebSocketFactory } from '../../fakes/fake-websocket';
import { flush, RecordingSink, setup } from './harness';

describe('session socket: repeated 1013 frame_too_large', () => {
  it('first time retries; the second time at the same cursor fetches the event over REST and moves past it', async () => {
    const sockets = fakeWebSocketFactory();
    const adapter = createV1SessionAdapter({ createWebSocket: sockets.create });
    const asked: ResumeCursor[] = [];
    let recovering: Promise<ResumeCursor | undefined> = Promise.resolve(undefined);
    const h = setup({
      resolveAdapter: async () => adapter,
      initialCursor: { generation: 'v1-session', afterSeq: 5, recentIds: [] },
      recoverOversized: (cursor) => {
        asked.push(cursor);
        return recovering;
      },
      policy: { probeIntervalMs: 1e9 },
    });
    h.connection.start();
    await flush();
    sockets.last().serverOpen();
    sockets.last().serverClose(1013, 'frame_too_large');
    expect(asked).toEqual([]);
    h.clock.advance(h.sink.lastTransition().delayMs ?? 0);
    await flush();
    expect(sockets.last().url).toContain('after_seq=5');
    sockets.last().serverOpen();
    let fetched!: (next: ResumeCursor) => void;
    recovering = new Promise((resolve) => { fetched = resolve; });
    sockets.last().serverClose(1013, 'frame_too_large');
    await flush();
    expect(asked.map((c) => c.afterSeq)).toEqual([5]);
    // While the event is fetched the connection waits to reconnect; `closed` would be restored
    // as disconnected by an SW restarted meanwhile.
    expect(h.connection.status().state).toBe('backoff');
    fetched({ generation: 'v1-session', afterSeq: 6, recentIds: [] });
    await flush();
    h.clock.advance(h.sink.lastTransition().delayMs ?? 0);
    await flush();
    expect(sockets.last().url).toContain('after_seq=6');
  });

  it('finds the event by log position over REST paging', async () => {
    const pages: Record<string, { items: { id: string }[]; next_page_id: string | null }> = {
      first: { items: [{ id: 'e0' }, { id: 'e1' }], next_page_id: 'e2' },
      e2: { items: [{ id: 'e2' }, { id: 'e3' }], next_page_id: null },
    };
    const sink = new RecordingSink();
    const next = await fetchOversizedSessionEvent(
      { searchEvents: async (_c, s) => { const page = pages[s.pageId ?? 'first'] ?? { items: [], next_page_id: null }; return { ...page, raws: page.items.map((e) => JSON.stringify(e)) }; } },
      'c',
      { generation: 'v1-session', afterSeq: 2, recentIds: [] },
      sink,
    );
    expect(next?.afterSeq).toBe(3);
    expect(sink.inbound[0]?.serverSeq).toBe(3);
    expect(sink.inbound[0]?.raw).toBe('{"id":"e3"}'); // the server's text for that item
  });
});
