// Events recovered over REST keep the server's own text as raw (architecture §3: never
// re-stringified): escapes, spacing and key order survive, as they do for socket frames.
import { describe, expect, it } from 'vitest';
import { createRestClient } from '../../../src/background/rest';

const body = '{"items": [ {"kind":"MessageEvent", "id":"e1","timestamp":"2026-11-25T10:00:00", "text":"caf\\u00e9"} ,{"id":"e2","kind":"PauseEvent"}], "next_page_id": null}';

describe('REST event search', () => {
  it('returns each item with the exact text the server sent', async () => {
    const rest = createRestClient({ serverUrl: 'http://127.0.0.1:1', getSessionKey: async () => undefined, fetch: async () => new Response(body) });
    const page = await rest.searchEvents('c', {});
    expect(page.items.map((e) => e.id)).toEqual(['e1', 'e2']);
    expect(page.raws).toEqual(['{"kind":"MessageEvent", "id":"e1","timestamp":"2026-11-25T10:00:00", "text":"caf\\u00e9"}', '{"id":"e2","kind":"PauseEvent"}']);
    expect(page.raws[0]).not.toBe(JSON.stringify(page.items[0]));
  });

  it('says plainly when a response is not JSON', async () => {
    const rest = createRestClient({ serverUrl: 'http://127.0.0.1:1', getSessionKey: async () => undefined, fetch: async () => new Response('<html>proxy error</html>') });
    await expect(rest.searchEvents('c', {})).rejects.toThrow(/not JSON/);
  });
});
