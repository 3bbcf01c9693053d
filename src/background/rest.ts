import type { z } from 'zod';
import type { FetchLike } from './contracts';
import {
  ConversationInfoSchema,
  ConversationPageSchema,
  CountSchema,
  EventPageSchema,
  RestEventSchema,
  ServerInfoSchema,
  SuccessSchema,
  V0EventPageSchema,
  type EventPageWithRaw,
  type RestEvent,
  type V0EventPage,
} from './rest-schemas';
import { jsonArrayItemTexts } from './json-array-items';

const utf8 = new TextDecoder();

export interface RestClientOptions {
  serverUrl: string;
  fetch: FetchLike;
  getSessionKey: () => Promise<string | undefined>;
  timeoutMs?: number;
  /** Answers larger than this are refused while they are read (default MAX_REST_ANSWER_BYTES). */
  maxAnswerBytes?: number;
}

/** A page of 100 events with large observations stays far below this; more is not an answer we can hold. */
export const MAX_REST_ANSWER_BYTES = 64 * 1024 * 1024;

/**
 * The body's bytes, read until `limit`: a larger answer is refused there, with its size so far,
 * instead of being held whole and parsed on the SW's thread.
 */
async function readBounded(response: Response, limit: number, path: string, signal: AbortSignal): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limit) throw new RestError(`${path}: the answer is ${declared} bytes, over the ${limit}-byte limit`, undefined, true);
  if (response.body === null) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  // The request's timeout covers the body too: a body that stalled after its headers held the
  // caller for good (and with it every connect waiting on the same preparation).
  const onAbort = (): void => { void reader.cancel().catch(() => undefined); };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await readChunks(reader, limit, path, signal);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

async function readChunks(reader: ReadableStreamDefaultReader<Uint8Array>, limit: number, path: string, signal: AbortSignal): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (signal.aborted) throw new Error('aborted');
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      void reader.cancel().catch(() => undefined);
      throw new RestError(`${path}: the answer is over the ${limit}-byte limit (${total} bytes read)`, undefined, true);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) { bytes.set(chunk, at); at += chunk.byteLength; }
  return bytes;
}

export interface EventSearch {
  timestampGte?: string;
  timestampLt?: string;
  sortOrder?: 'TIMESTAMP' | 'TIMESTAMP_DESC';
  pageId?: string;
  limit?: number;
}

export class RestError extends Error {
  /**
   * @param answered the server sent an answer (an HTTP status, a body); false when it could not
   *   be asked (network error, timeout). `auto` guesses a generation only from answers.
   * @param neverSent the request surely did not reach the server (the browser blocked it): a
   *   POST that failed so was not stored, unlike one that timed out.
   */
  constructor(message: string, readonly status?: number, readonly answered = status !== undefined, readonly neverSent = false) {
    super(message);
  }
}

/** Whether `err` says something about the server (it answered, and not with a 5xx of a server still starting or a proxy without it). */
export function serverAnswered(err: unknown): boolean {
  return err instanceof RestError && err.answered && (err.status === undefined || err.status < 500);
}

/** The agent server's REST API: key in X-Session-API-Key, timeouts, zod at this boundary. */
export function createRestClient(options: RestClientOptions) {
  const base = options.serverUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10000;

  async function call<T>(path: string, schema: z.ZodType<T>, init: RequestInit = {}): Promise<T> {
    return (await callWithBytes(path, schema, init)).data;
  }

  /** The validated body and its bytes as received (events keep the server's own text as raw). */
  async function callWithBytes<T>(path: string, schema: z.ZodType<T>, init: RequestInit = {}): Promise<{ data: T; bytes: Uint8Array }> {
    const key = await options.getSessionKey();
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (key) headers['X-Session-API-Key'] = key;
    if (init.body) headers['Content-Type'] = 'application/json';
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let bytes: Uint8Array;
    try {
      const response = await options.fetch(base + path, { ...init, headers, signal: controller.signal });
      if (!response.ok) throw new RestError(`${path}: HTTP ${response.status}`, response.status);
      bytes = await readBounded(response, options.maxAnswerBytes ?? MAX_REST_ANSWER_BYTES, path, controller.signal);
    } catch (err) {
      if (err instanceof RestError) throw err;
      throw new RestError(controller.signal.aborted ? `${path}: timed out after ${timeoutMs} ms` : `${path}: ${String(err)}`);
    } finally {
      clearTimeout(timer);
    }
    let body: unknown;
    try {
      body = JSON.parse(utf8.decode(bytes));
    } catch {
      throw new RestError(`${path}: the response is not JSON`, undefined, true);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new RestError(`${path}: unexpected response (${parsed.error.issues[0]?.message ?? 'invalid'})`, undefined, true);
    return { data: parsed.data, bytes };
  }

  const events = (conversationId: string) => `/api/conversations/${encodeURIComponent(conversationId)}/events`;
  const conversation = (conversationId: string) => `/api/conversations/${encodeURIComponent(conversationId)}`;
  const post = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body) });

  return {
    serverInfo: () => call('/server_info', ServerInfoSchema),
    async alive(): Promise<boolean> {
      try {
        const response = await options.fetch(`${base}/alive`, { method: 'GET' });
        return response.ok;
      } catch {
        return false;
      }
    },
    searchConversations: (pageId?: string) =>
      call(`/api/conversations/search?limit=100${pageId ? `&page_id=${encodeURIComponent(pageId)}` : ''}`, ConversationPageSchema),
    conversationInfo: (id: string) => call(conversation(id), ConversationInfoSchema),
    searchEvents(id: string, search: EventSearch): Promise<EventPageWithRaw> {
      const q = new URLSearchParams({ limit: String(search.limit ?? 100) });
      if (search.timestampGte) q.set('timestamp__gte', search.timestampGte);
      if (search.timestampLt) q.set('timestamp__lt', search.timestampLt);
      if (search.sortOrder) q.set('sort_order', search.sortOrder);
      if (search.pageId) q.set('page_id', search.pageId);
      return callWithBytes(`${events(id)}/search?${q.toString()}`, EventPageSchema).then(({ data, bytes }) => {
        const texts = jsonArrayItemTexts(bytes, 'items');
        // The scanner and JSON.parse agree on every well-formed page; re-stringify only if not.
        const raws = texts?.length === data.items.length ? texts : data.items.map((event) => JSON.stringify(event));
        return { ...data, raws };
      });
    },
    /** V0 (§5.6): up to `limit` events, newest first, with ids up to `endId` (inclusive) when given. */
    v0EventsNewestFirst(id: string, page: { endId?: number; limit: number }): Promise<V0EventPage> {
      const q = new URLSearchParams({ reverse: 'true', limit: String(page.limit) });
      if (page.endId !== undefined) q.set('end_id', String(page.endId));
      return callWithBytes(`${events(id)}?${q.toString()}`, V0EventPageSchema).then(({ data, bytes }) => {
        const texts = jsonArrayItemTexts(bytes, 'events');
        const raws = texts?.length === data.events.length ? texts : data.events.map((event) => JSON.stringify(event));
        return { ids: data.events.map((event) => event.id), raws, hasMore: data.has_more };
      });
    },
    countEvents: (id: string, filter: { timestampLt?: string } = {}) =>
      call(`${events(id)}/count${filter.timestampLt ? `?timestamp__lt=${encodeURIComponent(filter.timestampLt)}` : ''}`, CountSchema),
    getEvent: (id: string, eventId: string): Promise<RestEvent> => call(`${events(id)}/${encodeURIComponent(eventId)}`, RestEventSchema),
    postMessage: (id: string, message: unknown, run: boolean) => call(events(id), SuccessSchema, post({ ...(message as object), run })),
    respondToConfirmation: (id: string, accept: boolean, reason?: string) =>
      call(`${events(id)}/respond_to_confirmation`, SuccessSchema, post({ accept, reason: reason ?? 'User rejected the action.' })),
    control: (id: string, action: 'run' | 'pause' | 'interrupt') => call(`${conversation(id)}/${action}`, SuccessSchema, post({})),
  };
}
export type RestClient = ReturnType<typeof createRestClient>;
