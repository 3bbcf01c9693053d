/**
 * Reconnect after a server outage, per outage length: the SW on v1-events, v1-session and V0
 * (Socket.IO, resume by `latest_event_id`) next to the reference client's strategy (fixed 3 s
 * retry, resend_all) in the bare page.
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
import { V0EventLog, type MockServer, type V0Draft, type V0Event } from '../src/server/index';
import { seedV0DemoHistory } from '../src/server/v0/v0-history';
import { isAgentStateChanged, liveForm, replayPage, skippedOnReplay } from '../src/server/v0/v0-replay';

type Strategy = 'sw-v1-events' | 'sw-v1-session' | 'sw-v0-socketio' | 'reference-resend-all';
const STRATEGIES: Strategy[] = ['sw-v1-events', 'sw-v1-session', 'sw-v0-socketio', 'reference-resend-all'];
const isSw = (s: Strategy): boolean => s !== 'reference-resend-all';

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

/**
 * The V0 demo mix without what the connect-time replay never sends or holds back (recall, null
 * action/observation, agent_state_changed): every missed event is one a reconnect has to deliver,
 * so the ratio measures the reconnect, not the replay's hide rules.
 */
class V0Mix {
  private readonly drafts: V0Draft[] = [];
  private next = 0;

  constructor(server: MockServer) {
    const log = new V0EventLog(server.store.timestamps, () => Infinity);
    seedV0DemoHistory((draft) => log.persistQuietly('template', draft));
    for (const event of log.after('template', -1)) {
      if (skippedOnReplay(event) || isAgentStateChanged(event)) continue;
      const { id: _id, timestamp: _ts, ...draft } = event;
      this.drafts.push(draft as V0Draft);
    }
  }

  draft(): V0Draft {
    const d = this.drafts[this.next % this.drafts.length]!;
    this.next += 1;
    return d;
  }
}

/** A fresh V0 conversation with `count` events of the V0 demo mix (large-history scenario); returns the id the replay ends on. */
function seedV0Conversation(server: MockServer, count: number, title: string): { id: string; lastId: string } {
  const conversation = server.store.create({ generation: 'v0', title });
  server.scenarios.largeHistory({ conversationId: conversation.id, count, bigPayloads: 0 });
  const planned = replayPage(server.v0.after(conversation.id, -1), null);
  const ids = [...planned.emit, ...(planned.held ? [planned.held] : [])].map((e) => e.id);
  return { id: conversation.id, lastId: String(Math.max(...ids)) };
}

/** What a live V0 subscriber is sent for the event (the `oh_event` payload, JSON). */
const v0ByteLength = (event: V0Event): number => Buffer.byteLength(JSON.stringify(liveForm(event)));

async function runOne(strategy: Strategy, server: MockServer, pipe: Page, bare: Page, sizes: BenchSizes, outageSeconds: number, mix: ReturnType<typeof Object>): Promise<Outcome> {
  const v0 = strategy === 'sw-v0-socketio';
  const seeded = v0
    ? seedV0Conversation(server, sizes.reconnectHistory, `bench reconnect ${strategy}`)
    : seedConversation(server, mix as never, sizes.reconnectHistory, `bench reconnect ${strategy}`);
  const hook = strategy === 'reference-resend-all' ? '__bare' : '__pipe';
  const page = hook === '__bare' ? bare : pipe;
  let key = '';
  if (strategy === 'reference-resend-all') await call(bare, '__bare', 'reference', eventsSocketUrl(server, seeded.id, 'resend_all=true'));
  else key = await call<string>(pipe, '__pipe', 'attach', v1Target(server, seeded.id, v0 ? 'v0-socketio' : strategy === 'sw-v1-events' ? 'v1-events' : 'v1-session'));
  await waitArrived(page, hook, seeded.lastId, `${strategy} history`, 60_000);
  // Histories over one REST page (100 events) load newest-first (V0 too, over its event REST): the cut must
  // come after the older ones too.
  if (hook === '__pipe') {
    await waitFor(async () => (await call<number>(pipe, '__pipe', 'held', key)) >= sizes.reconnectHistory, `${strategy} whole history`, 60_000)
      .catch(async (error: Error) => {
        // Say where it stopped: how many records arrived, and what the log said last.
        const held = await call<number>(pipe, '__pipe', 'held', key).catch(() => '?');
        const notes = await call<string[]>(pipe, '__pipe', 'lastMeta', key, 3).catch(() => []);
        const seen = await call<unknown>(pipe, '__pipe', 'debug', key).catch(() => null);
        throw new Error(`${error.message}; ${held} of ${sizes.reconnectHistory} held; last log notes: ${notes.join(' | ')}; page: ${JSON.stringify(seen)}`);
      });
  }

  const bytes = countBytesWritten(server);
  const outage = server.faults.outage(outageSeconds);
  await waitFor(() => server.registry.count(seeded.id) === 0, 'sockets gone', 10_000);
  let bytesMissed = 0;
  let lastMissed = '';
  const v0Mix = v0 ? new V0Mix(server) : undefined;
  for (let i = 0; i < sizes.reconnectMissed; i += 1) {
    if (v0Mix) {
      const event = server.v0.append(seeded.id, v0Mix.draft());
      bytesMissed += v0ByteLength(event);
      lastMissed = String(event.id);
    } else {
      const event = server.store.append(seeded.id, (mix as { draft(): never }).draft());
      bytesMissed += byteLength(event);
      lastMissed = event.id;
    }
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
  const swOpen = outcomes.filter((o) => isSw(o.strategy)).map((o) => o.timeToOpenMs ?? Number.POSITIVE_INFINITY);
  const events = of('sw-v1-events');
  const reference = of('reference-resend-all');
  const eventsVsReference = median(events.map((o, i) => o.bytesReReceived / (reference[i]?.bytesReReceived ?? Number.NaN)));
  return {
    status: 'measured',
    summary: `SW median time to open ${round(median(swOpen), 0)} ms (reference ${round(median(reference.map((o) => o.timeToOpenMs ?? Number.POSITIVE_INFINITY)), 0)} ms); re-received/missed: v1-session ${round(median(of('sw-v1-session').map((o) => o.ratio)))}, V0 ${round(median(of('sw-v0-socketio').map((o) => o.ratio)))}, v1-events ${round(median(events.map((o) => o.ratio)))}, reference ${round(median(reference.map((o) => o.ratio)))}`,
    targets: [
      ...sizes.outageSeconds.map((s) => check(`SW median time to open after a ${s} s outage (ms)`, '≤ 1500',
        median(outcomes.filter((o) => o.outageSeconds === s && isSw(o.strategy)).map((o) => o.timeToOpenMs ?? Number.POSITIVE_INFINITY)), (v) => v <= 1500)),
      check('v1-session bytes re-received / missed', '≤ 1.1', median(of('sw-v1-session').map((o) => o.ratio)), (v) => v <= 1.1),
      check('v1-events bytes re-received / reference full replay', 'far below 1 (≤ 0.25)', eventsVsReference, (v) => v <= 0.25),
      check('V0 bytes re-received / missed', '≤ 1.1', median(of('sw-v0-socketio').map((o) => o.ratio)), (v) => v <= 1.1),
    ],
    data: { historyEvents: sizes.reconnectHistory, missedEvents: sizes.reconnectMissed, outcomes },
    notes: [
      'Bytes are counted on the server (TCP bytes written, WebSocket framing, full_state and REST reconciliation included), so they are comparable across strategies.',
      'V0 (Socket.IO on the same HTTP server, so its TCP bytes are counted the same way): a V0 conversation seeded with the V0 demo mix (large-history scenario), attached as `v0-socketio`; the missed events are the V0 demo mix without what the connect-time replay hides or holds back (recall, null, agent_state_changed), and bytes missed are their live `oh_event` JSON. Re-received includes the Engine.IO/Socket.IO handshake and packet framing.',
      'One sample per strategy and outage length; the median over SW generations is the headline.',
    ],
  };
}
