// A REST send (POST /events) that went out and got no answer may have been stored: the agent
// server holds its state lock for a whole agent step, so the answer can take 30 s and more. Such a
// send is `unanswered`, its record keeps waiting for the echo, and the echo settles it. Only an HTTP
// refusal is "not sent".
import { describe, expect, it } from 'vitest';
import { createConversationSink } from '../../../src/background/connection-sink';
import type { FetchLike } from '../../../src/background/contracts';
import { sendMessageOverRest } from '../../../src/background/conversation-rest-commands';
import { createRestClient } from '../../../src/background/rest';
import { fetchNoticingSiteAccess } from '../../../src/background/site-access';
import { decodeFrame } from '../../../src/shared/protocol/decode-frame';
import { FakeClock } from '../../fakes/fake-clock';

const TEXT = 'run the tests';
const message = { role: 'user', content: [{ type: 'text', text: TEXT }] };

function setup(fetch: FetchLike) {
  const { sink, log, echo } = createConversationSink({
    key: 'k', target: { serverUrl: 'http://127.0.0.1:1', conversationId: 'c', protocol: 'v1-events' }, clock: new FakeClock(),
    onRecord: () => undefined, onRecordUpdated: () => undefined, onSocketStatus: () => undefined,
  });
  // A short request timeout (policy), so the test need not wait for the default 10 s.
  const rest = createRestClient({ serverUrl: 'http://127.0.0.1:1', fetch, getSessionKey: async () => undefined, timeoutMs: 20 });
  const ctx = { rest, conversationId: 'c', generation: 'v1-events' as const, log, echo, sessionKey: async () => undefined };
  const outgoing = () => log.since(-1).find((r) => r.direction === 'out')!;
  const echoOf = (text: string) => sink.appendInbound(decodeFrame('v1-events', JSON.stringify({
    kind: 'MessageEvent', id: 'e-echo', timestamp: '2026-08-22T14:03:11.482913', source: 'user',
    llm_message: { role: 'user', content: [{ type: 'text', text }] }, activated_skills: [], extended_content: [],
  })), 'socket')!;
  return { ctx, log, outgoing, echoOf };
}

/** The server took the request and holds its answer (its state lock is busy) until the client gives up. */
const storedButSlow = (stored: unknown[]): FetchLike => (_url, init) => {
  stored.push(JSON.parse(String(init?.body)));
  return new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
};
const answering = (status: number): FetchLike => async () => new Response(JSON.stringify({ detail: 'nope' }), { status });

describe('sendRest: what a failed POST /events means', () => {
  it('a POST that timed out is unanswered: the record waits for its echo, and the echo settles it', async () => {
    const stored: unknown[] = [];
    const { ctx, log, outgoing, echoOf } = setup(storedButSlow(stored));
    const answer = await sendMessageOverRest(ctx, message, true);
    expect(stored).toHaveLength(1); // the server has it: the agent will act on it
    expect(answer).toMatchObject({ seq: outgoing().seq, delivery: 'unanswered', detail: expect.stringMatching(/timed out/) });
    expect(outgoing().outgoing?.status).toBe('pending');
    expect(log.metaRecords().at(-1)?.meta).toMatchObject({ type: 'error', message: expect.stringMatching(/no answer .*may have stored it: the record waits for its echo/) });

    const echoed = echoOf(TEXT);
    expect(log.get(outgoing().seq)?.outgoing).toEqual({ via: 'rest', status: 'echoed', echoSeq: echoed.seq });
  });

  it('a network error after the request and a gateway timeout (504) are unanswered too', async () => {
    for (const fetch of [(async () => { throw new TypeError('Failed to fetch'); }) as FetchLike, answering(504)]) {
      const { ctx, outgoing } = setup(fetch);
      await expect(sendMessageOverRest(ctx, message, true)).resolves.toMatchObject({ delivery: 'unanswered' });
      expect(outgoing().outgoing?.status).toBe('pending');
    }
  });

  it('an HTTP refusal (4xx/5xx) is not sent: the record fails, the command fails, and no echo is awaited', async () => {
    for (const status of [401, 422, 500]) {
      const { ctx, log, outgoing, echoOf } = setup(answering(status));
      await expect(sendMessageOverRest(ctx, message, true)).rejects.toThrow(new RegExp(`HTTP ${status}`));
      expect(outgoing().outgoing?.status).toBe('failed');
      echoOf(TEXT); // another client's identical message
      expect(log.get(outgoing().seq)?.outgoing?.status).toBe('failed');
    }
  });

  it('a message of another role that went unanswered stays sent (nothing echoes it)', async () => {
    const { ctx, outgoing } = setup(storedButSlow([]));
    await expect(sendMessageOverRest(ctx, { role: 'system', content: 'note' }, false)).resolves.toMatchObject({ delivery: 'unanswered' });
    expect(outgoing().outgoing).toEqual({ via: 'rest', status: 'sent' });
  });

  it('one the browser blocked for want of site access never went out: not sent, not unanswered', async () => {
    const corsRefusal: FetchLike = async () => { throw new TypeError('NetworkError when attempting to fetch resource.'); };
    const { ctx, outgoing } = setup(fetchNoticingSiteAccess(corsRefusal, async () => false)); // as index.ts binds it
    await expect(sendMessageOverRest(ctx, message, true)).rejects.toThrow(/site access/);
    expect(outgoing().outgoing?.status).toBe('failed');
  });

  it('a POST answered with something that is not JSON (a proxy login page) was answered: not sent', async () => {
    const { ctx, outgoing } = setup(async () => new Response('<html>Sign in</html>', { status: 200 }));
    await expect(sendMessageOverRest(ctx, message, true)).rejects.toThrow(/not JSON/);
    expect(outgoing().outgoing?.status).toBe('failed');
  });
});
