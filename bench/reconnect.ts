/**
 * Reconnect after a server outage, per outage length: the SW on v1-events and on v1-session
 * next to the reference client's strategy (fixed 3 s retry, resend_all) in the bare page.
 * Each strategy gets its own mock server with the same history; all outages run at once.
 * Time to open = first `open` after the server listens again; bytes re-received = what the
 * server wrote on connections accepted after the outage began, until the client holds every
 * event it missed and the byte count is quiet.
 */
import type { Page } from 'playwright-core';
import type { BenchBrowser } from './browser';
import { byteLength, countBytesWritten, seedConversation, startServer } from './demo-mix';
import { call, eventsSocketUrl, v1Target, waitArrived } from './page-hooks';
import { check, median, round, type Measurement } from './result';
import type { BenchSizes } from './sizes';
import { waitFor } from '../test/e2e/helpers/browser';
import type { MockServer } from '../src/server/index';

type Strategy = 'sw-v1-events' | 'sw-v1-session' | 'reference-resend-all';
const STRATEGIES: Strategy[] = ['sw-v1-events', 'sw-v1-session', 'reference-resend-all'];

interface Outcome {
  strategy: Strategy;
  outageSeconds: number;
  timeToOpenMs: number | null;
  bytesMissed: number;
  bytesReReceived: number;
  ratio: number;
}

async function quietTotal(total: () => number): Promise<number> {
  let last = -1;
  let stableSince = Date.now();
  return waitFor(() => {
    const now = total();
    if (now !== last) { last = now; stableSince = Date.now(); return 0; }
    return Date.now() - stableSince >= 1_000 ? now : 0;
  }, 'byte count to settle', 20_000);
}

async function runOne(strategy: Strategy, server: MockServer, pipe: Page, bare: Page, sizes: BenchSizes, outageSeconds: number, mix: ReturnType<typeof Object>): Promise<Outcome> {
  const seeded = seedConversation(server, mix as never, sizes.reconnectHistory, `bench reconnect ${strategy}`);
  const hook = strategy === 'reference-resend-all' ? '__bare' : '__pipe';
  const page = hook === '__bare' ? bare : pipe;
  let key = '';
  if (strategy === 'reference-resend-all') await call(bare, '__bare', 'reference', eventsSocketUrl(server, seeded.id, 'resend_all=true'));
  else key = await call<string>(pipe, '__pipe', 'attach', v1Target(server, seeded.id, strategy === 'sw-v1-events' ? 'v1-events' : 'v1-session'));
  await waitArrived(page, hook, seeded.lastId, `${strategy} history`, 60_000);

  const bytes = countBytesWritten(server);
  const outage = server.faults.outage(outageSeconds);
  await waitFor(() => server.registry.count(seeded.id) === 0, 'sockets gone', 10_000);
  let bytesMissed = 0;
  let lastMissed = '';
  for (let i = 0; i < sizes.reconnectMissed; i += 1) {
    const event = server.store.append(seeded.id, (mix as { draft(): never }).draft());
    bytesMissed += byteLength(event);
    lastMissed = event.id;
  }
  await outage;
  const returnedAt = Date.now();
  await waitArrived(page, hook, lastMissed, `${strategy} missed events`, 60_000);
  const bytesReReceived = await quietTotal(bytes.total);
  bytes.stop();
  const opens = hook === '__bare' ? await call<number[]>(bare, '__bare', 'opens') : await call<number[]>(pipe, '__pipe', 'opens', key);
  const firstOpen = opens.find((t) => t >= returnedAt - 50);
  if (key) await call(pipe, '__pipe', 'detach', key).catch(() => undefined);
  return {
    strategy, outageSeconds, timeToOpenMs: firstOpen === undefined ? null : round(Math.max(0, firstOpen - returnedAt), 0),
    bytesMissed, bytesReReceived, ratio: round(bytesReReceived / bytesMissed, 3),
  };
}

export async function measureReconnect(browser: BenchBrowser, sizes: BenchSizes): Promise<Measurement> {
  const outcomes: Outcome[] = [];
  for (const outageSeconds of sizes.outageSeconds) {
    const servers = await Promise.all(STRATEGIES.map(() => startServer()));
    const pipe = await browser.open('pipeline');
    const bare = await browser.open('bare');
    try {
      outcomes.push(...await Promise.all(STRATEGIES.map((s, i) => runOne(s, servers[i]!.server, pipe, bare, sizes, outageSeconds, servers[i]!.mix))));
    } finally {
      await call(bare, '__bare', 'closeAll').catch(() => undefined);
      await pipe.close();
      await bare.close();
      await Promise.all(servers.map((s) => s.server.close()));
    }
  }
  const of = (s: Strategy) => outcomes.filter((o) => o.strategy === s);
  const swOpen = outcomes.filter((o) => o.strategy !== 'reference-resend-all').map((o) => o.timeToOpenMs ?? Number.POSITIVE_INFINITY);
  const events = of('sw-v1-events');
  const reference = of('reference-resend-all');
  const eventsVsReference = median(events.map((o, i) => o.bytesReReceived / (reference[i]?.bytesReReceived ?? Number.NaN)));
  return {
    status: 'measured',
    summary: `SW median time to open ${round(median(swOpen), 0)} ms (reference ${round(median(reference.map((o) => o.timeToOpenMs ?? Number.POSITIVE_INFINITY)), 0)} ms); re-received/missed: v1-session ${round(median(of('sw-v1-session').map((o) => o.ratio)))}, v1-events ${round(median(events.map((o) => o.ratio)))}, reference ${round(median(reference.map((o) => o.ratio)))}`,
    targets: [
      ...sizes.outageSeconds.map((s) => check(`SW median time to open after a ${s} s outage (ms)`, '≤ 1500',
        median(outcomes.filter((o) => o.outageSeconds === s && o.strategy !== 'reference-resend-all').map((o) => o.timeToOpenMs ?? Number.POSITIVE_INFINITY)), (v) => v <= 1500)),
      check('v1-session bytes re-received / missed', '≤ 1.1', median(of('sw-v1-session').map((o) => o.ratio)), (v) => v <= 1.1),
      check('v1-events bytes re-received / reference full replay', 'far below 1 (≤ 0.25)', eventsVsReference, (v) => v <= 0.25),
      { name: 'V0 bytes re-received / missed', target: '≤ 1.1', value: null, met: null },
    ],
    data: { historyEvents: sizes.reconnectHistory, missedEvents: sizes.reconnectMissed, outcomes },
    notes: [
      'Bytes are counted on the server (TCP bytes written, WebSocket framing, full_state and REST reconciliation included), so they are comparable across strategies.',
      'V0 (Socket.IO) is not measured yet: the mock server serves V0 now, but this harness does not seed or drive V0 history (no figure rather than a made-up one).',
      'One sample per strategy and outage length; the median over SW generations is the headline.',
    ],
  };
}
