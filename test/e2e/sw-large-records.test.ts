// Full records too large together for one port message, in real Chromium: an export of a
// browsing agent's observations (a base64 screenshot of ~330 KB each) asks for 250 of them,
// 82M characters, past Chrome's 64 MiB port-message limit. The SW answers in parts and the
// port stays subscribed; before, postMessage threw in the SW and the panel was silently dropped.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createMockServer, type MockServer } from '../../src/server/index';
import { launchWithExtension, waitFor, type ExtensionBrowser } from './helpers/browser';
import { command, openPortClient, view } from './helpers/port-client';
import { attachWithPolicy, cdt, EXTENSION_DIR, openBarePage } from './helpers/sw-hook';

let server: MockServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  server = await createMockServer({ port: 0, sessionApiKeys: [] });
  browser = await launchWithExtension({ extensionDir: EXTENSION_DIR });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const SHOT = 'iVBORw0KGgo'.repeat(30_000);

/** In the page: getRecords for `seqs`, then for each answer's `rest`, until none is left. */
async function fetchAll(page: Awaited<ReturnType<typeof openBarePage>>, key: string, seqs: number[]) {
  return page.evaluate(async ({ key: k, seqs: asked }) => {
    interface Answer { ok: boolean; error?: string; value?: { records: { seq: number; raw: string; rawTruncated?: boolean }[]; rest?: { seqs: number[]; eventIds: string[] } } }
    const state = (window as unknown as { __portClient: { port: { postMessage(m: unknown): void }; results: Record<string, Answer> } }).__portClient;
    const ask = async (command: unknown): Promise<Answer> => {
      const requestId = crypto.randomUUID();
      state.port.postMessage({ type: 'command', requestId, command });
      for (let i = 0; i < 1_200; i += 1) {
        const answer = state.results[requestId];
        if (answer) { delete state.results[requestId]; return answer; }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error('no answer to getRecords');
    };
    const answers: { ok: boolean; error?: string; count: number; chars: number }[] = [];
    const records: { seq: number; rawChars: number; cut: boolean }[] = [];
    let next: { seqs: number[]; eventIds: string[] } | undefined = { seqs: asked, eventIds: [] };
    while (next !== undefined) {
      const answer = await ask({ name: 'getRecords', key: k, seqs: next.seqs, ...(next.eventIds.length > 0 ? { eventIds: next.eventIds } : {}) });
      const got = answer.value?.records ?? [];
      answers.push({ ok: answer.ok, ...(answer.error ? { error: answer.error } : {}), count: got.length, chars: got.reduce((n, r) => n + r.raw.length, 0) });
      records.push(...got.map((r) => ({ seq: r.seq, rawChars: r.raw.length, cut: r.rawTruncated === true })));
      next = answer.ok ? answer.value?.rest : undefined;
    }
    return { answers, records };
  }, { key, seqs });
}

test('an export of 250 screenshots comes in parts, and the port stays subscribed', async () => {
  const demo = server.conversations.demo;
  const shotIds = new Set<string>();
  for (let i = 0; i < 250; i += 1) {
    const { id } = server.store.append(demo, { kind: 'ObservationEvent', source: 'environment', tool_name: 'browser_navigate', tool_call_id: `c${i}`, action_id: `a${i}`,
      observation: { kind: 'BrowserObservation', content: [{ type: 'text', text: `page ${i}` }], is_error: false, screenshot_data: SHOT } });
    shotIds.add(id);
  }
  const page = await openBarePage(browser);
  await openPortClient(page);
  const key = await attachWithPolicy(page, { serverUrl: server.url, conversationId: demo, protocol: 'v1-events' });
  expect((await command(page, { name: 'subscribe', key, lastSeq: -1 })).ok).toBe(true);
  const stored = server.store.get(demo)!.events.length;
  await waitFor(async () => ((await view(page)).records[key] ?? []).filter((r) => r.direction === 'in').length >= stored, 'history in the port client', 60_000);
  const screenshots = ((await view(page)).records[key] ?? []).filter((r) => r.eventId !== undefined && shotIds.has(r.eventId)).map((r) => r.seq);
  expect(screenshots).toHaveLength(250);

  const { answers, records } = await fetchAll(page, key, screenshots);
  expect(answers.every((a) => a.ok)).toBe(true);
  expect(answers.length).toBeGreaterThan(8); // 82M characters at most 8M characters each
  expect(Math.max(...answers.map((a) => a.chars))).toBeLessThanOrEqual(8 * 2 ** 20);
  expect(records.map((r) => r.seq)).toEqual(screenshots);
  expect(records.every((r) => !r.cut && r.rawChars > SHOT.length)).toBe(true);

  // Still followed: a new event reaches the port, and the SW counts the panel.
  const marker = server.store.append(demo, { kind: 'MessageEvent', source: 'agent', llm_message: { role: 'assistant', content: [{ type: 'text', text: 'after export' }] } });
  await waitFor(async () => ((await view(page)).arrivals[key] ?? []).includes(marker.id), 'the new event reaches the port');
  expect(await cdt(browser, (hook, k) => hook.status(k)?.subscribers, key)).toBe(1);
  await page.close();
}, 180_000);
