// Events recovered over REST keep the server's own text as raw (architecture §3: never
// re-stringified): escapes, spacing and key order survive, as they do for socket frames.
import { describe, expect, it } from 'vitest';
import { createRestClient, serverAnswered } from '../../../src/background/rest';

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

  it('refuses an answer over the size limit while reading it, with its size, and reads the rest as before', async () => {
    let pulled = 0;
    // An endless body without a Content-Length: 64 KiB chunks for as long as it is read.
    const endless = () => new Response(new ReadableStream<Uint8Array>({
      pull(controller) { pulled += 1; controller.enqueue(new Uint8Array(64 * 1024).fill(32)); },
    }));
    const rest = createRestClient({ serverUrl: 'http://127.0.0.1:1', getSessionKey: async () => undefined, fetch: async () => endless(), maxAnswerBytes: 1024 * 1024 });
    // Before: read until memory ran out (this body never ends), then parsed on the SW's thread.
    await expect(rest.searchEvents('c', {})).rejects.toThrow(/over the 1048576-byte limit \(1114112 bytes read\)/);
    expect(pulled).toBeLessThan(20);

    const declared = createRestClient({
      serverUrl: 'http://127.0.0.1:1', getSessionKey: async () => undefined, maxAnswerBytes: 1024,
      fetch: async () => new Response(body, { headers: { 'content-length': String(10 * 1024 * 1024) } }),
    });
    await expect(declared.searchEvents('c', {})).rejects.toThrow(/the answer is 10485760 bytes, over the 1024-byte limit/);

    const small = createRestClient({ serverUrl: 'http://127.0.0.1:1', getSessionKey: async () => undefined, fetch: async () => new Response(body), maxAnswerBytes: 1024 });
    expect((await small.searchEvents('c', {})).raws).toHaveLength(2);
  });

  // A body that stalled after its headers held the caller for good: the connection's shared
  // preparation (auto, newest-first) then never asked again. The one real-time test of this timeout.
  it('times out a body that stalls after its headers, as a server that did not answer', async () => {
    const stalled = () => new Response(new ReadableStream<Uint8Array>({ start() { /* headers only, then nothing */ } }));
    const rest = createRestClient({ serverUrl: 'http://127.0.0.1:1', getSessionKey: async () => undefined, fetch: async () => stalled(), timeoutMs: 50 });
    const failure = await rest.serverInfo().catch((err: unknown) => err);
    expect(String(failure)).toMatch(/\/server_info: timed out after 50 ms/);
    expect(serverAnswered(failure)).toBe(false);
  });
});

