import { describe, expect, it } from 'vitest';
import { createRestClient } from '../../../src/background/rest';
import { reconcileV1Events } from '../../../src/background/resume/reconcile-v1-events';
import type { FetchLike } from '../../../src/background/contracts';
import { RecordingSink } from './harness';

function jsonFetch(routes: Record<string, unknown>, seen: { url: string; init?: RequestInit }[]): FetchLike {
  return async (url, init) => {
    seen.push({ url, init });
    const path = url.replace('http://h:1', '');
    if (!(path in routes)) return new Response('{"detail":"nope"}', { status: 404 });
    return new Response(JSON.stringify(routes[path]), { status: 200 });
  };
}

describe('REST client', () => {
  it('sends the key as a header, never in the URL, and validates responses', async () => {
    const seen: { url: string; init?: RequestInit }[] = [];
    const rest = createRestClient({ serverUrl: 'http://h:1', fetch: jsonFetch({ '/api/conversations/c/events/count': 3, '/server_info': { version: 'x' } }, seen), getSessionKey: async () => 'k1' });
    expect(await rest.countEvents('c')).toBe(3);
    expect(seen[0]?.url).not.toContain('k1');
    expect((seen[0]?.init?.headers as Record<string, string>)['X-Session-API-Key']).toBe('k1');
    await expect(rest.conversationInfo('c')).rejects.toThrow('HTTP 404');
  });
  it('rejects a malformed response with a clear error', async () => {
    const rest = createRestClient({ serverUrl: 'http://h:1', fetch: jsonFetch({ '/api/conversations/c/events/count': 'many' }, []), getSessionKey: async () => undefined });
    await expect(rest.countEvents('c')).rejects.toThrow('unexpected response');
  });
  it('times out', async () => {
    const hang: FetchLike = (_url, init) => new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    const rest = createRestClient({ serverUrl: 'http://h:1', fetch: hang, getSessionKey: async () => undefined, timeoutMs: 5 });
    await expect(rest.countEvents('c')).rejects.toThrow('timed out');
  });
});

describe('v1-events REST reconciliation', () => {
  it('pages from the cursor timestamp and fills what the socket missed, counting the gap', async () => {
    const seen: { url: string }[] = [];
    const base = '/api/conversations/c/events/search?limit=100&timestamp__gte=2026-01-01T00%3A00%3A00';
    const rest = createRestClient({
      serverUrl: 'http://h:1',
      getSessionKey: async () => undefined,
      fetch: jsonFetch({
        [base]: { items: [{ id: 'a', kind: 'PauseEvent' }, { id: 'b', kind: 'PauseEvent' }], next_page_id: 'c3' },
        [`${base}&page_id=c3`]: { items: [{ id: 'c3', kind: 'PauseEvent' }], next_page_id: null },
      }, seen),
    });
    const sink = new RecordingSink();
    sink.hasEventId = (id: string): boolean => id === 'a';
    const result = await reconcileV1Events(rest, 'c', { afterTimestamp: '2026-01-01T00:00:00' }, sink);
    expect(result).toEqual({ recovered: 2, pages: 2 });
    expect(sink.inbound).toHaveLength(2);
    expect(sink.gaps).toBe(2);
  });
  it('leaves events newer than the cursor at this open to the socket replay (no false gaps)', async () => {
    const base = '/api/conversations/c/events/search?limit=100&timestamp__gte=2026-01-01T00%3A00%3A00';
    const rest = createRestClient({
      serverUrl: 'http://h:1', getSessionKey: async () => undefined,
      fetch: jsonFetch({ [base]: { items: [{ id: 'old', kind: 'PauseEvent', timestamp: '2026-01-01T00:00:01' }, { id: 'new', kind: 'PauseEvent', timestamp: '2026-01-01T00:00:09' }], next_page_id: 'more' } }, []),
    });
    const sink = new RecordingSink();
    const result = await reconcileV1Events(rest, 'c', { afterTimestamp: '2026-01-01T00:00:00' }, sink, '2026-01-01T00:00:05');
    expect(result).toEqual({ recovered: 1, pages: 1 });
    expect(sink.gaps).toBe(1);
  });
});
