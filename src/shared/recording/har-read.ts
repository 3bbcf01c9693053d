import type { Generation } from '../protocol/generation';
import type { LogRecord } from '../record';
import { conversationKeyOf } from '../connection';
import { RECORDING_FORMAT, RECORDING_FORMAT_VERSION, type RecordingHeader } from './format';
import { HarEntrySchema, HarLogSchema, HarMessageSchema, HarMetaSchema, parseSocketIoEvent, parseSocketUrl } from './har-shape';
import { decodeStored, metaFrame } from './record-line';
import { ReadCollector, type ReadLimits, type ReadResult } from './read-result';

interface SocketEntry {
  url: string;
  protocol: Generation;
  conversationId: string;
  server: string;
  startedDateTime?: string;
  messages: unknown[];
  metas: unknown[];
}

/** Ids compare as FastAPI parses UUIDs: dashes and case do not matter. */
const sameId = (a: string, b: string): boolean => a.toLowerCase().replace(/-/g, '') === b.toLowerCase().replace(/-/g, '');

const V0_CLIENT_EVENTS = new Set(['oh_user_action', 'oh_action']);

type Draft = Omit<LogRecord, 'conversationKey' | 'seq'> & { seq?: number; order: number };

/** One `_webSocketMessages` item as a record draft; undefined for framing we do not log (Engine.IO pings). */
function draftOf(entry: SocketEntry, item: unknown, order: number, collector: ReadCollector): Draft | undefined {
  const parsed = HarMessageSchema.safeParse(item);
  if (!parsed.success) {
    collector.error(order, `WebSocket message ${order}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return undefined;
  }
  const message = parsed.data;
  if (message.type !== 'send' && message.type !== 'receive') return undefined;
  const direction = message.type === 'send' ? 'out' : 'in';
  let raw = message.data;
  const binary = message.opcode === 2;
  const extras = message._conversationDevtools;
  if (entry.protocol === 'v0-socketio' && !binary) {
    const packet = parseSocketIoEvent(message.data);
    const wanted = direction === 'in' ? packet?.event === 'oh_event' : packet !== undefined && V0_CLIENT_EVENTS.has(packet.event);
    // Our own export writes a frame that was not JSON as is (extras mark it ours); Chrome's framing noise is skipped.
    if (packet && wanted) raw = JSON.stringify(packet.payload);
    else if (!extras) return undefined;
  }
  return {
    ...decodeStored(direction, entry.protocol, raw, binary ? 'base64' : 'text'),
    direction, receivedAt: Math.round(message.time * 1000), protocol: entry.protocol, order,
    ...(extras ? { seq: extras.seq } : {}),
    ...(extras?.outgoing ? { outgoing: extras.outgoing } : direction === 'out' ? { outgoing: { via: 'socket' as const, status: 'sent' as const } } : {}),
    ...(extras?.streamItem ? { streamItem: extras.streamItem } : {}),
    ...(extras?.rawTruncated ? { rawTruncated: true } : {}),
  };
}

function socketEntries(entries: unknown[]): { sockets: SocketEntry[]; others: number } {
  const sockets: SocketEntry[] = [];
  let others = 0;
  for (const raw of entries) {
    const entry = HarEntrySchema.safeParse(raw);
    if (!entry.success || !entry.data._webSocketMessages) continue;
    const target = parseSocketUrl(entry.data.request.url);
    if (!target) { others += 1; continue; }
    sockets.push({
      ...target, url: entry.data.request.url, messages: entry.data._webSocketMessages,
      metas: entry.data._conversationDevtoolsMeta ?? [],
      ...(entry.data.startedDateTime ? { startedDateTime: entry.data.startedDateTime } : {}),
    });
  }
  return { sockets, others };
}

/**
 * Reads a HAR (ours, or one saved from Chrome DevTools' Network panel): the WebSocket entries of
 * one OpenHands conversation become records; each reconnect's socket is noted, events seen again
 * on a later socket (history replayed on reconnect) are dropped as the live log drops them.
 */
export function readHarText(text: string, limits: ReadLimits): ReadResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`Neither a Conversation DevTools recording nor a HAR file (${error instanceof Error ? error.message : 'not JSON'}).`);
  }
  const har = HarLogSchema.safeParse(value);
  if (!har.success) throw new Error('Not a HAR file: no log.entries.');
  const ours = har.data.log._conversationDevtools;
  const { sockets, others } = socketEntries(har.data.log.entries);
  const first = ours ?? sockets[0];
  if (!first) {
    throw new Error(`This HAR has no OpenHands WebSocket entry (/sockets/events/{id}, /sockets/session/{id} or /socket.io/?conversation_id=…)${others > 0 ? `; ${others} other WebSocket entries` : ''}.`);
  }
  const collector = new ReadCollector(limits);
  const chosen = sockets.filter((s) => sameId(s.conversationId, first.conversationId));
  for (const skipped of sockets.filter((s) => !chosen.includes(s))) collector.error(0, `skipped the WebSocket of conversation ${skipped.conversationId}: one conversation per import`);
  const start = chosen[0];
  const header: RecordingHeader = ours ?? {
    format: RECORDING_FORMAT, version: RECORDING_FORMAT_VERSION,
    server: start?.server ?? '', conversationId: first.conversationId, protocol: start?.protocol ?? 'v1-events',
    tool: har.data.log.creator ?? { name: 'unknown', version: '' }, createdAt: start?.startedDateTime ?? new Date(0).toISOString(),
  };
  const drafts: Draft[] = [];
  let order = 0;
  for (const socket of chosen) {
    if (!ours && chosen.length > 1) {
      const at = socket.startedDateTime ? Date.parse(socket.startedDateTime) : NaN;
      drafts.push({ ...metaFrame(undefined, `socket opened: ${socket.url}`), meta: { type: 'note', message: `socket opened: ${socket.url}` }, direction: 'meta', receivedAt: Number.isFinite(at) ? at : 0, protocol: socket.protocol, order: order++ });
    }
    for (const item of socket.messages) {
      const draft = draftOf(socket, item, order++, collector);
      if (draft) drafts.push(draft);
    }
    for (const item of socket.metas) {
      const meta = HarMetaSchema.safeParse(item);
      if (!meta.success) { collector.error(0, 'invalid meta record skipped'); continue; }
      drafts.push({ ...metaFrame(meta.data.meta, meta.data.summary), ...(meta.data.meta ? { meta: meta.data.meta } : {}), direction: 'meta', receivedAt: meta.data.receivedAt, protocol: socket.protocol, seq: meta.data.seq, order: order++ });
    }
  }
  const ordered = drafts.every((d) => d.seq !== undefined)
    ? drafts.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
    : drafts.sort((a, b) => a.receivedAt - b.receivedAt || a.order - b.order);
  const conversationKey = conversationKeyOf({ serverUrl: header.server, conversationId: header.conversationId });
  const seen = new Set<string>();
  let duplicates = 0;
  let seq = 0;
  for (const { order: _order, seq: storedSeq, ...draft } of ordered) {
    if (draft.direction === 'in' && draft.eventId !== undefined) {
      if (seen.has(draft.eventId)) { duplicates += 1; continue; }
      seen.add(draft.eventId);
    }
    seq = storedSeq ?? seq + 1;
    collector.record({ ...draft, seq, conversationKey });
  }
  if (duplicates > 0) collector.error(0, `${duplicates} events seen again (same id, e.g. history replayed after a reconnect) were dropped, as the live log drops them`);
  return collector.result(header, 'har');
}
