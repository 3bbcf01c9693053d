// A person switched the extension's site access for the server off (Firefox lets them, even for
// the manifest's loopback hosts): REST fails like a server that is down ("NetworkError"), and the
// connection backed off for ever with "auto protocol: the server did not answer". Now a network
// error is checked against the browser's permissions, and missing access fails the connection
// with a reason that says how to allow it; a server that is really down still backs off.
import { describe, expect, it, vi } from 'vitest';
import { createWiredConnection } from '../../../src/background/conversation-socket-factory';
import type { FetchLike } from '../../../src/background/contracts';
import { fetchNoticingSiteAccess, SiteAccessOff } from '../../../src/background/site-access';
import { FakeClock } from '../../fakes/fake-clock';
import { fakeWebSocketFactory } from '../../fakes/fake-websocket';
import { RecordingSink } from './harness';

/** What Firefox's fetch does when CORS refuses a request for want of host permission. */
const corsRefusal: FetchLike = async () => { throw new TypeError('NetworkError when attempting to fetch resource.'); };
const settle = async () => { for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r)); };

describe('fetchNoticingSiteAccess', () => {
  it('turns a network error into SiteAccessOff when the browser says access is off, naming the origin and the way back', async () => {
    const hasSiteAccess = vi.fn(async () => false);
    const error = await fetchNoticingSiteAccess(corsRefusal, hasSiteAccess)('http://127.0.0.1:8000/server_info').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SiteAccessOff);
    expect((error as Error).message).toMatch(/^site access for http:\/\/127\.0\.0\.1:8000 is off, .*about:addons.*then Retry$/);
    expect(hasSiteAccess).toHaveBeenCalledWith('http://127.0.0.1:8000');
  });

  it('keeps the request\'s own error when access is held, when the check fails, and for its own timeout', async () => {
    await expect(fetchNoticingSiteAccess(corsRefusal, async () => true)('http://127.0.0.1:8000/alive')).rejects.toThrow(/NetworkError/);
    await expect(fetchNoticingSiteAccess(corsRefusal, async () => { throw new Error('no permissions API'); })('http://127.0.0.1:8000/alive')).rejects.toThrow(/NetworkError/);
    const controller = new AbortController();
    controller.abort();
    const hasSiteAccess = vi.fn(async () => false);
    await expect(fetchNoticingSiteAccess(corsRefusal, hasSiteAccess)('http://127.0.0.1:8000/alive', { signal: controller.signal })).rejects.toThrow(/NetworkError/);
    expect(hasSiteAccess).not.toHaveBeenCalled();
  });

  it('passes answers through untouched and asks nothing', async () => {
    const hasSiteAccess = vi.fn(async () => false);
    const response = new Response('{}', { status: 404 });
    expect(await fetchNoticingSiteAccess(async () => response, hasSiteAccess)('http://127.0.0.1:8000/server_info')).toBe(response);
    expect(hasSiteAccess).not.toHaveBeenCalled();
  });
});

describe('a connection without site access', () => {
  function connect(initialAccess: boolean) {
    const clock = new FakeClock();
    const sink = new RecordingSink();
    const sockets = fakeWebSocketFactory();
    const access = { held: initialAccess };
    const fetch = vi.fn(fetchNoticingSiteAccess(corsRefusal, async () => access.held));
    const connection = createWiredConnection({
      target: { serverUrl: 'http://127.0.0.1:8000', conversationId: '00000000-0000-4000-8000-0000000000c1', protocol: 'auto' },
      sink, clock, fetch, createWebSocket: sockets.create,
      createSocketIo: () => { throw new Error('unused'); },
      getSessionKey: async () => undefined, random: () => 0.5,
    });
    return { clock, sink, sockets, fetch, connection, access };
  }

  it('fails with the reason instead of retrying, and opens no socket', async () => {
    const { clock, fetch, sockets, connection } = connect(false);
    connection.start();
    await settle();
    expect(connection.status()).toMatchObject({ state: 'failed', failedReason: expect.stringMatching(/^site access for http:\/\/127\.0\.0\.1:8000 is off/) });
    const asked = fetch.mock.calls.length;
    clock.advance(10 * 60_000);
    await settle();
    expect(fetch.mock.calls.length).toBe(asked);
    expect(sockets.sockets).toHaveLength(0);
    expect(connection.status().state).toBe('failed');
  });

  it('Retry once access is allowed asks the server again', async () => {
    const { connection, access } = connect(false);
    connection.start();
    await settle();
    expect(connection.status().state).toBe('failed');
    access.held = true; // the server itself stays unreachable here: an ordinary backoff follows
    connection.reconnectNow();
    await settle();
    expect(connection.status()).toMatchObject({ state: 'backoff', failedReason: undefined });
  });

  it('a server that is down (access held) still backs off and asks again', async () => {
    const { clock, fetch, connection } = connect(true);
    connection.start();
    await settle();
    expect(connection.status().state).toBe('backoff');
    const asked = fetch.mock.calls.length;
    clock.advance(60_000);
    await settle();
    expect(fetch.mock.calls.length).toBeGreaterThan(asked);
  });
});
