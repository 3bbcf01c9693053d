/**
 * Panel commands that go over the agent server's REST API instead of the socket: a message
 * POSTed to /events (with `run`), run/pause/interrupt, confirmation answers, and the
 * conversation list for the attach picker. Keys come from the key store or the command
 * itself and are never recorded; error texts are redacted before they travel.
 */
import { normalizeServerUrl } from '../shared/connection';
import type { Command, SendRestResult } from '../shared/port/messages';
import { decodeOutgoing } from '../shared/protocol/client-frames';
import type { Generation } from '../shared/protocol/generation';
import type { FetchLike } from './contracts';
import type { EventLog } from './event-log';
import { KeyStore } from './key-store';
import { maskSessionKey } from './key-mask';
import { sentUserText } from '../shared/protocol/user-message-text';
import type { EchoTracker } from './outgoing-echo';
import { createRestClient, RestError, type RestClient } from './rest';

export interface RestCommandContext {
  rest: RestClient;
  conversationId: string;
  generation: Generation;
  log: EventLog;
  echo: EchoTracker;
  /** The key in use (only to mask it in what is recorded and scrub it out of error texts). */
  sessionKey: () => Promise<string | undefined>;
}

async function scrubbed<T>(ctx: Pick<RestCommandContext, 'sessionKey'>, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const key = await ctx.sessionKey().catch(() => undefined);
    const text = KeyStore.redact(error instanceof Error ? error.message : String(error), key ? [key] : []);
    // Kept a RestError: whether the server answered decides what a failed send means.
    throw error instanceof RestError ? new RestError(text, error.status, error.answered, error.neverSent) : new Error(text);
  }
}

/**
 * POST /events: recorded as an outgoing REST record. A user message waits for the server's
 * echo; any other role (raw mode offers system, assistant, tool) is just sent: nothing echoes
 * it, and marked pending it stayed pending for good.
 *
 * Only a refusal (an HTTP 4xx/5xx answer) or a failure before the request went out means "not
 * sent". A timeout or a network error after it went out says nothing: the agent server holds
 * its state lock for a whole agent step, so a POST can go unanswered for 30 s and more and still
 * be stored. Such a send is answered `unanswered` and its record keeps waiting for its echo; it
 * used to turn `failed`, its echo then settled nothing, and the person sent it again.
 */
export async function sendMessageOverRest(ctx: RestCommandContext, message: unknown, run: boolean): Promise<SendRestResult> {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) throw new Error('sendRest needs a message object ({"role":"user","content":[...]})');
  const raw = JSON.stringify({ ...message, run });
  const protocol = ctx.generation === 'v0-socketio' ? 'v1-events' : ctx.generation;
  // Held with the connection's key masked, as its echo will be (the POST carries the real text).
  const frame = maskSessionKey(decodeOutgoing(protocol, raw), await ctx.sessionKey().catch(() => undefined));
  const awaitsEcho = sentUserText(frame.raw) !== undefined;
  const record = ctx.log.appendOutbound(frame, { via: 'rest', status: awaitsEcho ? 'pending' : 'sent' });
  if (awaitsEcho) ctx.echo.track(record);
  try {
    await scrubbed(ctx, () => ctx.rest.postMessage(ctx.conversationId, message, run));
  } catch (error) {
    const detail = (error as Error).message;
    if (mayHaveArrived(error)) {
      const waits = awaitsEcho ? ': the record waits for its echo' : '';
      ctx.log.appendMeta({ type: 'error', origin: 'rest', message: `POST /events got no answer (${detail}); the server may have stored it${waits}` }, 'send over REST unanswered');
      return { seq: record.seq, delivery: 'unanswered', detail };
    }
    if (awaitsEcho) ctx.echo.fail(record.seq);
    else ctx.log.update(record.seq, { outgoing: { via: 'rest', status: 'failed' } });
    ctx.log.appendMeta({ type: 'error', origin: 'rest', message: `POST /events failed: ${detail}` }, 'send over REST failed');
    throw error;
  }
  return { seq: record.seq, delivery: 'accepted' };
}

/**
 * Whether a failed POST may still have been stored: it went out, and the server did not refuse
 * it. A 504 is a proxy in front of the server saying that the server did not answer in time.
 * One the browser blocked (no site access: its CORS preflight failed) never went out; one the
 * server answered with something unreadable (a proxy's login page) was answered, and refused.
 */
function mayHaveArrived(error: unknown): boolean {
  return error instanceof RestError && !error.neverSent && (!error.answered || error.status === 504);
}

type ControlCommand = Extract<Command, { name: 'control' }>;

/** run / pause / interrupt, or accept / reject the pending action (respond_to_confirmation). */
export async function controlOverRest(ctx: RestCommandContext, command: ControlCommand): Promise<true> {
  const { action } = command;
  try {
    await scrubbed(ctx, () => (action === 'accept' || action === 'reject'
      ? ctx.rest.respondToConfirmation(ctx.conversationId, action === 'accept', command.reason)
      : ctx.rest.control(ctx.conversationId, action)));
  } catch (error) {
    ctx.log.appendMeta({ type: 'error', origin: 'rest', message: `${action} failed: ${(error as Error).message}` }, `${action} failed`);
    throw error;
  }
  ctx.log.appendMeta({ type: 'note', message: `${action} sent over REST` }, `control: ${action}`);
  return true;
}

export interface ListedConversation {
  id: string;
  title?: string;
  status?: string;
  updatedAt?: string;
  parentId?: string;
  subConversationIds?: string[];
}

const MAX_LIST_PAGES = 5;

/** The attach picker's list: conversation search with the key from the command (never stored). */
export async function listConversations(fetch: FetchLike, serverUrl: string, sessionApiKey?: string): Promise<ListedConversation[]> {
  const server = normalizeServerUrl(serverUrl);
  const rest = createRestClient({ serverUrl: server, fetch, getSessionKey: async () => sessionApiKey });
  const listed: ListedConversation[] = [];
  let pageId: string | undefined;
  for (let pages = 0; pages < MAX_LIST_PAGES; pages++) {
    const page = await scrubbed({ sessionKey: async () => sessionApiKey }, () => rest.searchConversations(pageId))
      .catch((error: unknown) => { throw listFailure(error, server, sessionApiKey !== undefined); });
    for (const item of page.items) listed.push(summarise(item));
    pageId = page.next_page_id ?? undefined;
    if (!pageId) break;
  }
  return listed;
}

/**
 * What a failed listing tells the person to do. The bare REST error ("…/search?limit=100:
 * TypeError: Failed to fetch", "HTTP 401") named neither the cause nor the way on. The
 * original text stays in parentheses for whoever debugs the server.
 */
function listFailure(error: unknown, serverUrl: string, keyGiven: boolean): Error {
  if (!(error instanceof RestError)) return error instanceof Error ? error : new Error(String(error));
  const detail = error.message.replace(/^\/api\/conversations\/search\S*: /, '');
  // Blocked by the browser (site access off) already says what to do.
  if (error.neverSent) return error;
  if (!error.answered) return new Error(`the server is not reachable at ${serverUrl}: is it running, and is that its URL? (${detail})`);
  if (error.status === 401 || error.status === 403) {
    return new Error(keyGiven
      ? `this server refused the session key: check the key below (${detail})`
      : `this server needs a session key: enter it below and list again (${detail})`);
  }
  if (error.status === 404) {
    return new Error(`${serverUrl} does not look like an agent server (it has no /api/conversations/search): `
      + `an OpenHands app URL? Use the agent server's URL (a conversation's conversation_url). A V0 server lists none: enter the conversation id below (${detail})`);
  }
  return error;
}

function summarise(item: Record<string, unknown> & { id: string }): ListedConversation {
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const subs = Array.isArray(item['sub_conversation_ids']) ? item['sub_conversation_ids'].filter((v): v is string => typeof v === 'string') : [];
  const fields: ListedConversation = { id: item.id };
  const title = str(item['title']);
  const status = str(item['execution_status']);
  const updatedAt = str(item['updated_at']);
  const parentId = str(item['parent_conversation_id']);
  if (title) fields.title = title;
  if (status) fields.status = status;
  if (updatedAt) fields.updatedAt = updatedAt;
  if (parentId) fields.parentId = parentId;
  if (subs.length > 0) fields.subConversationIds = subs;
  return fields;
}
