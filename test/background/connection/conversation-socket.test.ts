import { describe, expect, it } from 'vitest';
import { createV1EventsAdapter } from '../../../src/background/adapters/v1-events';
import { createV1SessionAdapter } from '../../../src/background/adapters/v1-session';
import type { ResumeCursor } from '../../../src/background/contracts';
import { flush, setup } from './harness';

async function opened() {
  const h = setup();
  h.connection.start();
  await flush();
  h.sockets.last().serverOpen();
  return h;
}

describe('conversation socket state machine', () => {
  it('goes idle → connecting → open and records each transition', async () => {
    const h = await opened();
    expect(h.sink.transitions()).toEqual(['idle>connecting', 'connecting>open']);
    expect(h.connection.status().state).toBe('open');
  });

  it('sends the auth frame first, records it redacted, keeps the key out of the URL', async () => {
    const h = await opened();
    const ws = h.sockets.last();
    expect(ws.url).not.toContain('sekrit');
    expect(ws.sent[0]).toBe(JSON.stringify({ type: 'auth', session_api_key: 'sekrit-key' }));
    expect(h.sink.outbound[0]?.frame.raw).toContain('<redacted>');
    expect(h.sink.outbound[0]?.frame.raw).not.toContain('sekrit');
    expect(h.sink.outbound[0]?.frame.kind).toBe('auth');
    expect(JSON.stringify(h.sink.metas)).not.toContain('sekrit');
  });

  it('puts the key in the query only for a server older than first-message auth', async () => {
    const h = setup({}, (createWebSocket) => createV1EventsAdapter({ createWebSocket, firstMessageAuth: false }));
    h.connection.start();
    await flush();
    expect(h.sockets.last().url).toContain('session_api_key=sekrit-key');
    h.sockets.last().serverOpen();
    expect(h.sockets.last().sent).toEqual([]);
  });

  // Only a server with first-message auth answers 4001 (an older one refuses a keyless handshake
  // with 1006): the key is wrong. It used to retry with the key in the URL, and then for ever.
  it('fails on 4001 after the auth frame, saying the key was refused, and never puts the key in a URL', async () => {
    const h = await opened();
    h.sockets.last().serverClose(4001, 'Authentication failed');
    expect(h.connection.status()).toMatchObject({ state: 'failed', failedReason: expect.stringContaining('session key was refused') });
    h.clock.advance(10 * 60000);
    await flush();
    expect(h.sockets.sockets).toHaveLength(1);
    expect(h.sockets.sockets.some((ws) => ws.url.includes('sekrit'))).toBe(false);
  });

  it('backs off with min(cap, base·2^n) and jitter from the injected random', async () => {
    let r = 0;
    const h = setup({ random: () => r, policy: { probeIntervalMs: 1e9 } });
    h.connection.start();
    await flush();
    h.sockets.last().serverClose(1006);
    expect(h.sink.lastTransition()).toMatchObject({ to: 'backoff', delayMs: 500, code: 1006 });
    r = 0.999999;
    h.clock.advance(500);
    await flush();
    h.sockets.last().serverClose(1006);
    expect(h.sink.lastTransition().delayMs).toBe(3000);
    r = 0.5;
    for (let i = 0; i < 3; i++) {
      h.clock.advance(h.sink.lastTransition().delayMs ?? 0);
      await flush();
      h.sockets.last().serverClose(1006);
    }
    expect(h.sink.lastTransition().delayMs).toBe(15000);
  });

  it('enters slow mode after 10 consecutive failures', async () => {
    const h = setup({ policy: { probeIntervalMs: 1e9 } });
    h.connection.start();
    for (let i = 0; i < 11; i++) {
      await flush();
      h.sockets.last().serverClose(1006);
      if (i < 10) h.clock.advance(h.sink.lastTransition().delayMs ?? 0);
    }
    expect(h.sink.lastTransition().delayMs).toBe(60000);
  });

  it.each([4001, 4004, 1008])('close %i → failed, no retry', async (code) => {
    const h = await opened();
    h.sockets.last().serverSend({ kind: 'PauseEvent' });
    h.sockets.last().serverClose(code, 'nope');
    expect(h.connection.status().state).toBe('failed');
    h.clock.advance(10 * 60000);
    await flush();
    expect(h.sockets.sockets).toHaveLength(1);
  });

  // It read "closed with 4004", which left the person to guess what was not found.
  it('4004 says which conversation the server does not have and where to look', async () => {
    const h = await opened();
    h.sockets.last().serverClose(4004, 'Conversation not found');
    expect(h.connection.status()).toMatchObject({
      state: 'failed', lastClose: { code: 4004 },
      failedReason: 'no conversation 00000000-0000-4000-8000-0000000000c1 on this server (closed with 4004): check the id or the server URL',
    });
  });

  it('close 1013 → slow retry of at least 30 s', async () => {
    const h = await opened();
    h.sockets.last().serverClose(1013, 'try again later');
    expect(h.sink.lastTransition()).toMatchObject({ to: 'backoff', code: 1013 });
    expect(h.sink.lastTransition().delayMs).toBeGreaterThanOrEqual(30000);
  });

  it('close 1013 slow_consumer on the session socket → an ordinary retry: the cursor resumes without loss', async () => {
    const h = setup({}, (createWebSocket) => createV1SessionAdapter({ createWebSocket }));
    h.connection.start();
    await flush();
    h.sockets.last().serverOpen();
    h.sockets.last().serverClose(1013, 'slow_consumer');
    expect(h.sink.lastTransition()).toMatchObject({ to: 'backoff', code: 1013 });
    expect(h.sink.lastTransition().delayMs).toBeLessThan(30000);
  });

  it('close 1000 from the server → backoff (we did not ask for it)', async () => {
    const h = await opened();
    h.sockets.last().serverClose(1000);
    expect(h.sink.transitions().slice(-2)).toEqual(['open>closed', 'closed>backoff']);
  });

  it('the handshake watchdog gives up after 10 s and retries', async () => {
    const h = setup();
    h.connection.start();
    await flush();
    h.clock.advance(9999);
    expect(h.connection.status().state).toBe('connecting');
    h.clock.advance(1);
    expect(h.sockets.last().closedWith?.reason).toBe('handshake timeout');
    expect(h.sink.lastTransition()).toMatchObject({ from: 'connecting', to: 'backoff', cause: 'handshake timeout' });
  });

  it('an /alive probe cuts the backoff short once the server is back', async () => {
    const h = setup({ random: () => 0.5, policy: { baseMs: 60000, capMs: 60000, probeIntervalMs: 2000 } });
    h.connection.start();
    await flush();
    h.sockets.last().serverClose(1006);
    h.clock.advance(2000);
    await flush();
    expect(h.connection.status().state).toBe('backoff');
    h.setAlive(true);
    h.clock.advance(2000);
    await flush();
    expect(h.sink.lastTransition()).toMatchObject({ to: 'connecting', cause: 'server alive again' });
    expect(h.sockets.sockets).toHaveLength(2);
  });

  it('resets the attempt counter only after the minimum uptime', async () => {
    const h = setup({ policy: { probeIntervalMs: 1e9 } });
    h.connection.start();
    await flush();
    h.sockets.last().serverClose(1006);
    h.clock.advance(1000);
    await flush();
    h.sockets.last().serverOpen();
    h.clock.advance(4999);
    h.sockets.last().serverClose(1006);
    expect(h.sink.lastTransition().delayMs).toBe(2000);
    h.clock.advance(2000);
    await flush();
    h.sockets.last().serverOpen();
    h.clock.advance(5000);
    h.sockets.last().serverClose(1006);
    expect(h.sink.lastTransition().delayMs).toBe(1000);
  });

  // Nothing has to say the network is back (nothing did: a paused connection stayed paused).
  it('pauses while offline for remote servers, and resumes by itself when the network comes back', async () => {
    let online = false;
    const h = setup({ isOnline: () => online, policy: { probeIntervalMs: 1000 } });
    h.connection.start();
    await flush();
    h.sockets.last().serverClose(1006);
    expect(h.sink.lastTransition().cause).toContain('offline');
    h.clock.advance(120000);
    await flush();
    expect(h.sockets.sockets).toHaveLength(1);
    online = true;
    h.clock.advance(1000);
    await flush();
    expect(h.sink.lastTransition()).toMatchObject({ to: 'connecting', cause: 'back online' });
    expect(h.sockets.sockets).toHaveLength(2);
  });

  // An outage spans several backoffs: a server back before a later backoff's first probe was
  // seen down by an earlier one, and is connected at the probe, not after up to 60 s more.
  it('remembers the server was down across backoffs until a socket opens', async () => {
    const h = setup({ random: () => 0.5, policy: { probeIntervalMs: 1000 } });
    h.connection.start();
    await flush();
    h.sockets.last().serverClose(1006);
    h.clock.advance(1000); // the probe finds the server down
    await flush();
    for (let i = 0; i < 10; i++) {
      const n = h.sockets.sockets.length;
      while (h.sockets.sockets.length === n) { h.clock.advance(1000); await flush(); }
      h.sockets.last().serverClose(1006);
    }
    expect(h.sink.lastTransition().delayMs).toBe(60000);
    h.setAlive(true);
    const n = h.sockets.sockets.length;
    h.clock.advance(1000);
    await flush();
    expect(h.sockets.sockets).toHaveLength(n + 1);
    expect(h.sink.lastTransition()).toMatchObject({ to: 'connecting', cause: 'server alive again' });
  });

  it('the /alive probe does not defeat the backoff of a server that answers while its socket fails', async () => {
    const h = setup({ random: () => 0.5, policy: { probeIntervalMs: 1000 } });
    h.setAlive(true);
    h.connection.start();
    for (let second = 0; second < 120; second++) {
      await flush();
      const ws = h.sockets.last();
      if (ws.readyState === 0) ws.serverClose(1006);
      h.clock.advance(1000);
    }
    // 1, 2, 4, 8, 15, 15… s apart: about a dozen attempts in two minutes, not one a second.
    expect(h.sockets.sockets.length).toBeLessThan(20);
  });

  it('does not pause offline for a loopback server', async () => {
    const h = setup({ isOnline: () => false, target: { serverUrl: 'http://127.0.0.1:8000', conversationId: '00000000-0000-4000-8000-0000000000c1', protocol: 'v1-events' } });
    h.connection.start();
    await flush();
    h.sockets.last().serverClose(1006);
    expect(h.sink.lastTransition().delayMs).toBe(1000);
  });

  it('liveness: no frame for 45 s while running → reconnect', async () => {
    const h = setup({ isRunning: () => true, policy: { probeIntervalMs: 1e9 } });
    h.connection.start();
    await flush();
    h.sockets.last().serverOpen();
    h.clock.advance(44000);
    h.sockets.last().serverSend({ kind: 'PauseEvent' });
    h.clock.advance(44000);
    expect(h.connection.status().state).toBe('open');
    h.clock.advance(1000);
    expect(h.sink.transitions().slice(-2)).toEqual(['open>closed', 'closed>backoff']);
  });

  it('liveness does not fire while the agent is idle', async () => {
    const h = setup({ isRunning: () => false });
    h.connection.start();
    await flush();
    h.sockets.last().serverOpen();
    h.clock.advance(200000);
    expect(h.connection.status().state).toBe('open');
  });

  it('reconnectNow cuts backoff short and resets the attempt counter', async () => {
    const h = setup({ policy: { probeIntervalMs: 1e9 } });
    h.connection.start();
    await flush();
    h.sockets.last().serverClose(1006);
    h.connection.reconnectNow();
    await flush();
    expect(h.connection.status()).toMatchObject({ state: 'connecting', attempt: 0 });
  });

  it('explicit disconnect closes and never retries', async () => {
    const h = await opened();
    h.connection.disconnect();
    expect(h.sink.transitions().slice(-2)).toEqual(['open>closing', 'closing>closed']);
    h.clock.advance(600000);
    await flush();
    expect(h.sockets.sockets).toHaveLength(1);
  });

  it('history loading ends once the post-open reconciliation is done (events socket)', async () => {
    let finish = (): void => undefined;
    const h = setup({ afterOpen: () => new Promise<void>((resolve) => { finish = resolve; }) });
    h.connection.start();
    await flush();
    h.sockets.last().serverOpen();
    expect(h.connection.status().historyLoading).toBe(true);
    finish();
    await flush();
    expect(h.connection.status().historyLoading).toBe(false);
  });

  it('refuses to send when not open, sends and records when open', async () => {
    const h = setup();
    expect(h.connection.send({ as: 'text', text: 'hi' })).toMatchObject({ ok: false });
    h.connection.start();
    await flush();
    h.sockets.last().serverOpen();
    const result = h.connection.send({ as: 'json', value: { role: 'user' } });
    expect(result.ok).toBe(true);
    expect(h.sockets.last().sent.at(-1)).toBe('{"role":"user"}');
  });

  // Reconnect now (or the watchdog's retry) while the first connect still prepares used to start
  // a second preparation; the first, finishing last, rewound the cursor and swapped the adapter.
  it('a connect while the first still prepares shares its preparation: the cursor stays where the socket took it', async () => {
    const starts: Array<(cursor: ResumeCursor) => void> = [];
    const h = setup({
      startingCursor: () => new Promise<ResumeCursor | undefined>((resolve) => { starts.push(resolve); }),
    }, (createWebSocket) => createV1SessionAdapter({ createWebSocket }));
    h.connection.start();
    await flush();
    h.connection.reconnectNow();
    await flush();
    expect(starts).toHaveLength(1);
    starts[0]!({ generation: 'v1-session', afterSeq: 899, recentIds: [] });
    await flush();
    const ws = h.sockets.last();
    ws.serverOpen();
    ws.serverSend({ type: 'sync', from_seq: 899, through_seq: 1000 });
    for (let seq = 900; seq <= 1001; seq++) ws.serverSend({ type: 'durable', seq, event: { kind: 'PauseEvent', id: `e${seq}`, timestamp: 't', source: 'user' } });
    expect(h.connection.cursor()?.afterSeq).toBe(1001);
    expect(h.sink.gaps).toBe(0);
    expect(h.sockets.sockets).toHaveLength(1);
  });

  // A server whose persistence was replaced answers a resume with a sync ending below our cursor.
  // Kept, the cursor stayed above its new events (which never moved it) and the next resume
  // skipped them all without a gap.
  it('follows a session server whose log now ends below our cursor, and says so', async () => {
    const h = setup({ initialCursor: { generation: 'v1-session', afterSeq: 57, recentIds: [] } }, (createWebSocket) => createV1SessionAdapter({ createWebSocket }));
    h.connection.start();
    await flush();
    const ws = h.sockets.last();
    expect(ws.url).toContain('after_seq=57');
    ws.serverOpen();
    ws.serverSend({ type: 'sync', from_seq: 57, through_seq: 40 });
    for (const seq of [41, 42]) ws.serverSend({ type: 'durable', seq, event: { kind: 'PauseEvent', id: `new-${seq}`, timestamp: 't', source: 'user' } });
    expect(h.connection.cursor()?.afterSeq).toBe(42);
    expect(h.sink.gaps).toBe(0);
    expect(h.sink.metas.some((m) => m.type === 'note' && m.message.includes('ends at seq 40, below ours (57)'))).toBe(true);
  });
});

