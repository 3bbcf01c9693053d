// A live stream cut 20 times per V1 generation (abrupt drops, close codes 1001/1011/1012, an
// outage) after the minimum uptime, with duplicates and withheld events injected: afterwards the
// SW's log and the panel hold every persisted event exactly once, and the counters show what the
// mock injected. Also measures SW → port throughput for a burst.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMockServer, type MockServer } from '../../src/server/index';
import { launchWithExtension, waitFor, type ExtensionBrowser } from './helpers/browser';
import { command, openPortClient, view } from './helpers/port-client';
import { attachWithPolicy, cdt, EXTENSION_DIR, openBarePage, progress, SHORT_POLICY, startEventStream } from './helpers/sw-hook';

let server: MockServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  server = await createMockServer({ port: 0, knobs: { replayPageSize: 200 } });
  browser = await launchWithExtension({ extensionDir: EXTENSION_DIR });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const CUTS = 20;
type Generation = 'v1-events' | 'v1-session' | 'v0-socketio';

async function cutOnce(conversationId: string, i: number): Promise<void> {
  const kind = i % 5;
  if (kind === 0) server.faults.drop(conversationId);
  else if (kind === 1) server.faults.close(conversationId, 1001, 'going away');
  else if (kind === 2) server.faults.close(conversationId, 1011, 'internal error');
  else if (kind === 3) server.faults.close(conversationId, 1012, 'service restart');
  else if (i === 9) await server.faults.outage(0.3);
  else server.faults.drop(conversationId);
}

/** How each generation's conversation is made, fed and faulted on the mock. */
interface Feed {
  create(): string;
  append(id: string, index: number): void;
  /** Ids the server holds that its replay rules deliver (every event we append here). */
  persisted(id: string): string[];
  duplicate(id: string): number;
  /** V0 has no hole-filling resume (latest_event_id is the highest id), so no holes there. */
  withhold?(id: string): number;
}

const v1Feed: Feed = {
  create: () => server.store.create({ generation: 'v1', title: 'flood' }).id,
  append: (id, index) => { server.store.append(id, { kind: 'ConversationStateUpdateEvent', source: 'environment', key: 'tags', value: { flood: index } }); },
  persisted: (id) => server.store.get(id)!.events.map((e) => e.id),
  duplicate: (id) => server.faults.duplicate(id, 3),
  withhold: (id) => server.faults.withhold(id, 2).length,
};
const v0Feed: Feed = {
  create: () => server.store.create({ generation: 'v0', title: 'flood V0' }).id,
  append: (id, index) => {
    server.v0.append(id, { source: 'environment', message: `flood ${index}`, observation: 'run', content: `flood ${index}`, extras: { command: 'echo', hidden: false }, success: true });
  },
  persisted: (id) => server.v0.after(id, -1).map((e) => String(e.id)),
  duplicate: (id) => server.v0Faults.duplicate(id, 3),
};
const FEEDS: Record<Generation, Feed> = { 'v1-events': v1Feed, 'v1-session': v1Feed, 'v0-socketio': v0Feed };

describe.each<Generation>(['v1-events', 'v1-session', 'v0-socketio'])('%s flood cut 20 times', (protocol) => {
  test('every persisted event exactly once, counters match the injected faults', async () => {
    const feed = FEEDS[protocol];
    const id = feed.create();
    for (let i = 0; i < 50; i += 1) feed.append(id, -1 - i);
    const page = await openBarePage(browser);
    await openPortClient(page);
    const key = await attachWithPolicy(page, { serverUrl: server.url, conversationId: id, protocol });
    expect((await command(page, { name: 'subscribe', key, lastSeq: -1 })).ok).toBe(true);
    const stream = startEventStream(server, id, 2, 10, (index) => feed.append(id, index));
    const status = () => cdt(browser, (hook, k) => hook.status(k), key);
    const closesSoFar = () => cdt(browser, (hook, k) => hook.transitions(k).filter((t) => t?.type === 'transition' && t.from === 'open').length, key);

    let injectedWithheld = 0;
    let injectedDuplicates = 0;
    try {
      for (let i = 0; i < CUTS; i += 1) {
        await waitFor(async () => (await status())?.state === 'open', `open before cut ${i}`);
        const openedAt = Date.now();
        await waitFor(() => Date.now() - openedAt >= SHORT_POLICY.minUptimeMs, 'minimum uptime');
        if (i % 5 === 2) {
          const before = (await status())?.counts.gaps ?? 0;
          injectedDuplicates += feed.duplicate(id);
          const withheld = feed.withhold?.(id) ?? 0;
          injectedWithheld += withheld;
          if (withheld > 0) {
            // A live event past the hole must arrive before the cut: then the hole lies behind the
            // cursor, where only gap handling (seq jump, REST reconciliation) can find it.
            const marker = server.store.append(id, { kind: 'PauseEvent', source: 'user' }).id;
            await waitFor(async () => (await cdt(browser, (hook, k) => hook.eventIds(k), key)).includes(marker), 'a live event past the hole');
            if (protocol === 'v1-session') expect((await status())?.counts.gaps).toBeGreaterThan(before);
          }
        }
        const closes = await closesSoFar();
        progress(`${protocol} cut ${i} (${feed.persisted(id).length} persisted)`);
        await cutOnce(id, i);
        await waitFor(async () => (await closesSoFar()) > closes, `cut ${i} noticed`);
      }
    } finally {
      stream.stop();
    }

    const persisted = feed.persisted(id);
    progress(`${protocol} cuts done; waiting for ${persisted.length} events`);
    await waitFor(async () => {
      const held = new Set(await cdt(browser, (hook, k) => hook.eventIds(k), key));
      return persisted.every((e) => held.has(e));
    }, 'every persisted event in the SW log', 30_000);
    const held = await cdt(browser, (hook, k) => hook.eventIds(k), key);
    expect(new Set(held).size).toBe(held.length);

    const counters = (await cdt(browser, (hook, k) => hook.counters(k), key))!;
    // Duplicates: the injected re-publications plus every resume overlap, all dropped.
    expect(counters.duplicates).toBeGreaterThanOrEqual(injectedDuplicates);
    // Gaps: exactly the withheld holes (the session socket sees the seq jump; the events socket's
    // REST reconciliation recovers them). V0 has no holes to find.
    expect(counters.gaps).toBe(injectedWithheld);
    expect(counters.dropped).toBe(0);

    // The panel got each event once too.
    await waitFor(async () => {
      const got = new Set(((await view(page)).records[key] ?? []).map((r) => r.eventId));
      return persisted.every((e) => got.has(e));
    }, 'every persisted event in the panel');
    const panelIds = ((await view(page)).records[key] ?? []).filter((r) => r.direction === 'in' && r.eventId).map((r) => r.eventId);
    expect(new Set(panelIds).size).toBe(panelIds.length);

    // Every cut was retried with a jittered exponential delay within the policy's bounds.
    const delays = (await cdt(browser, (hook, k) => hook.transitions(k), key)).flatMap((t) => (t?.to === 'backoff' && t.delayMs !== undefined ? [t.delayMs] : []));
    expect(delays.length).toBeGreaterThanOrEqual(CUTS);
    expect(new Set(delays).size).toBeGreaterThan(1);
    for (const d of delays) expect(d).toBeLessThanOrEqual(SHORT_POLICY.capMs * (1 + SHORT_POLICY.jitter));
    console.log(`[sw-flood ${protocol}] ${persisted.length} events, ${CUTS} cuts, duplicates dropped ${counters.duplicates}, gaps ${counters.gaps}`);
    await command(page, { name: 'detach', key });
    await page.close();
  });
});

test('throughput: a burst through the SW to a port', async () => {
  const conversation = server.store.create({ generation: 'v1', title: 'burst' });
  const page = await openBarePage(browser);
  await openPortClient(page);
  const key = await attachWithPolicy(page, { serverUrl: server.url, conversationId: conversation.id, protocol: 'v1-session' });
  expect((await command(page, { name: 'subscribe', key, lastSeq: -1 })).ok).toBe(true);
  await waitFor(async () => (await cdt(browser, (hook, k) => hook.status(k), key))?.historyLoading === false, 'live');
  const N = 10_000;
  const started = Date.now();
  for (let i = 0; i < N; i += 1) server.store.append(conversation.id, { kind: 'ConversationStateUpdateEvent', source: 'environment', key: 'tags', value: { burst: i } });
  const count = () => page.evaluate((k) => ((window as unknown as { __portClient: { records: Record<string, unknown[]> } }).__portClient.records[k] ?? []).length, key);
  await waitFor(async () => (await count()) >= N, `${N} records at the port`, 60_000);
  const seconds = (Date.now() - started) / 1000;
  const swSpan = await cdt(browser, (hook, k) => {
    const times = hook.records(k).filter((r) => r.direction === 'in').map((r) => r.receivedAt);
    return (times[times.length - 1]! - times[times.length - 10_000]!) / 1000;
  }, key);
  console.log(`[sw-flood throughput] ${N} events server → SW → port in ${seconds.toFixed(2)} s = ${Math.round(N / seconds)} events/s end to end; the SW received them within ${swSpan.toFixed(2)} s`);
  expect(await cdt(browser, (hook, k) => hook.counters(k)?.records, key)).toBeGreaterThanOrEqual(N);
  await command(page, { name: 'detach', key });
  await page.close();
});
