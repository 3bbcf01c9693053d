/**
 * The pipeline under test: this extension page links to the SW over the real port protocol
 * (hello, commands, validated envelopes) and feeds a sink (the panel store when it builds).
 * Arrival is stamped after the sink has applied a batch: server → SW → log → port → store.
 */
import browser from 'webextension-polyfill';
import { BackgroundToPanelSchema, PANEL_PORT_NAME, PORT_PROTOCOL_VERSION, type Command } from '../../src/shared/port/messages';
import type { ConnectionTarget } from '../../src/shared/connection';
import { Arrivals, now } from './arrivals';
import type { DataMessage, PipelineSink, Request } from './sink';

/** Entry points (pipeline-store.ts, pipeline-port.ts) call this with their sink. */
export function startPipeline(createSink: (request: Request) => PipelineSink): void {
  const arrivals = new Arrivals();
  /** When the SW received each event (its record's receivedAt), to split latency into server→SW and SW→store. */
  const swArrivals = new Arrivals();
  const pending = new Map<string, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const port = browser.runtime.connect({ name: PANEL_PORT_NAME });
  let badEnvelopes = 0;
  const messageTypes = new Set<string>();

  const request = (command: Command): Promise<unknown> => new Promise((resolve, reject) => {
    const requestId = crypto.randomUUID();
    pending.set(requestId, { resolve, reject });
    port.postMessage({ type: 'command', requestId, command });
  });
  const sink = createSink(request);

  port.onMessage.addListener((raw: unknown) => {
    // Results are matched before schema validation: a void command's result (detach,
    // unsubscribe…) has no `value`, and the page only needs to settle the pending promise.
    const result = raw as { type?: unknown; requestId?: unknown; ok?: unknown; value?: unknown; error?: unknown };
    if (result.type === 'result' && typeof result.requestId === 'string') {
      const p = pending.get(result.requestId);
      pending.delete(result.requestId);
      if (result.ok === true) p?.resolve(result.value); else p?.reject(new Error(String(result.error)));
      return;
    }
    const parsed = BackgroundToPanelSchema.safeParse(raw);
    if (!parsed.success) { badEnvelopes += 1; return; }
    const message = parsed.data;
    messageTypes.add(`${message.type}${'done' in message ? `:${String(message.done)}` : ''}`);
    if (message.type === 'welcome') { sink.welcomed(message.epoch); return; }
    if (message.type === 'incompatible' || message.type === 'result' || message.type === 'goodbye') return;
    sink.receive(message as DataMessage);
    if (message.type === 'snapshot' || message.type === 'recordsAppended') {
      const t = now();
      for (const record of message.records) {
        if (!record.eventId || record.direction !== 'in') continue;
        arrivals.stamp(record.eventId, t);
        swArrivals.stamp(record.eventId, record.receivedAt);
      }
    }
  });
  port.postMessage({ type: 'hello', protocolVersion: PORT_PROTOCOL_VERSION, clientId: crypto.randomUUID(), subscriptions: sink.subscriptions() });

  let attachCalledAt: number | null = null;
  Object.assign(window, {
    __pipe: {
      sinkLabel: sink.label,
      attach: (target: ConnectionTarget) => { attachCalledAt = now(); return sink.attach(target); },
      /** When the last attach was called in this page (machine clock): the start of a history load. */
      attachCalledAt: () => attachCalledAt,
      /**
       * Attaches and waits in the page for `eventId` to reach the store: no harness round trip
       * (CDP into this page, polling) falls inside the timed span.
       */
      async attachUntilArrived(target: ConnectionTarget, eventId: string): Promise<{ key: string; calledAt: number; arrivedAt: number }> {
        const calledAt = now();
        attachCalledAt = calledAt;
        const arrived = arrivals.whenArrived(eventId);
        const key = await sink.attach(target);
        return { key, calledAt, arrivedAt: await arrived };
      },
      detach: (key: string) => sink.detach(key),
      has: (id: string) => arrivals.has(id),
      timesOf: (ids: string[]) => arrivals.timesOf(ids),
      swTimesOf: (ids: string[]) => swArrivals.timesOf(ids),
      arrived: () => arrivals.size,
      /** Forgets every arrival, so the same events can be timed again (another attach). */
      forgetArrivals: () => { arrivals.clear(); swArrivals.clear(); },
      held: (key: string) => sink.records(key).length,
      /** Seqs the page holds for a conversation: first, last, missing runs, and the received message types (a failure message's detail). */
      debug: (key: string) => {
        const rs = sink.records(key);
        /** The first few runs of seqs missing between the first and the last held. */
        const gaps: string[] = [];
        for (let i = 1; i < rs.length && gaps.length < 5; i += 1) {
          const before = rs[i - 1]!.seq;
          const seq = rs[i]!.seq;
          if (seq !== before + 1) gaps.push(`${before + 1}..${seq - 1}`);
        }
        return { held: rs.length, firstSeq: rs[0]?.seq, lastSeq: rs.at(-1)?.seq, gaps, messages: [...messageTypes].join(',') };
      },
      badEnvelopes: () => badEnvelopes,
      /** The last meta records' summaries and messages (notes, errors), for a bench's failure message. */
      lastMeta: (key: string, count: number) => sink.records(key).filter((r) => r.direction === 'meta').slice(-count)
        .map((r) => (r.meta && 'message' in r.meta ? `${r.summary}: ${String(r.meta.message)}` : r.summary)),
      /** When the connection reached `open` (SW clock), from the meta records in the log. */
      opens: (key: string) => sink.records(key)
        .filter((r) => r.direction === 'meta' && r.meta?.type === 'transition' && r.meta.to === 'open')
        .map((r) => r.receivedAt),
      /** Times a whole payload search (the filter text run in the SW over every record's raw text, in as many answers as its time budget takes), round trips included. */
      async searchPayloads(key: string, text: string): Promise<{ ms: number; matches: number; requests: number }> {
        const t0 = now();
        let matches = 0;
        let requests = 0;
        let afterSeq: number | undefined;
        for (;;) {
          requests += 1;
          const answer = await request({ name: 'searchPayloads', key, text, ...(afterSeq === undefined ? {} : { afterSeq }) }) as { seqs: number[]; throughSeq?: number; more?: true };
          matches += answer.seqs.length;
          if (!answer.more) break;
          afterSeq = answer.throughSeq;
        }
        return { ms: now() - t0, matches, requests };
      },
      async restNewest(url: string): Promise<{ ms: number; items: number }> {
        const t0 = now();
        const body = await (await fetch(url)).json() as { items: unknown[] };
        return { ms: now() - t0, items: body.items.length };
      },
    },
  });
}
