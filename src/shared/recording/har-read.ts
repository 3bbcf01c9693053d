import type { Generation } from '../protocol/generation';
import type { LogRecord } from '../record';
import { conversationKeyOf } from '../connection';
import { RECORDING_FORMAT, RECORDING_FORMAT_VERSION, RecordingHeaderSchema, type RecordingHeader } from './format';
import { HarEntrySchema, HarLogSchema, HarMessageSchema, HarMetaSchema, parseSocketIoEvent, parseSocketUrl } from './har-shape';
import { JsonStreamScanner, type JsonPath } from './json-stream';
import { redactText } from '../redact';
import { asStreamedItem, frameOfStored, metaFrame } from './record-line';
import { ReadCollector, type ReadLimits, type ReadResult } from './read-result';
import { FirstInOrder } from './first-in-order';

interface SocketEntry {
  url: string;
  protocol: Generation;
  conversationId: string;
  server: string;
  startedDateTime?: string;
}

/** Ids compare as FastAPI parses UUIDs: dashes and case do not matter. */
const sameId = (a: string, b: string): boolean => a.toLowerCase().replace(/-/g, '') === b.toLowerCase().replace(/-/g, '');

const V0_CLIENT_EVENTS = new Set(['oh_user_action', 'oh_action']);

type Draft = Omit<LogRecord, 'conversationKey' | 'seq'> & { seq?: number; order: number };

/** Our own export numbers every record: they go back in that order. */
const bySeq = (a: Draft, b: Draft): number => (a.seq ?? 0) - (b.seq ?? 0) || a.order - b.order;
/** Anything else (a Chrome HAR, several sockets) goes by time, then by place in the file. */
const byTime = (a: Draft, b: Draft): number => a.receivedAt - b.receivedAt || a.order - b.order;
/** An event seen again (history replayed on a reconnect) is dropped, as the live log drops it. */
const dedupeKey = (d: Draft): string | undefined => (d.direction === 'in' ? d.eventId : undefined);

/** Where a message is in the file, as a person finds it in the HAR's JSON. */
interface MessagePlace {
  entry: number;
  message: number;
}

/** One `_webSocketMessages` item as a record draft; undefined for framing we do not log (Engine.IO pings). */
function draftOf(entry: SocketEntry, item: unknown, order: number, place: MessagePlace, collector: ReadCollector): Draft | undefined {
  const parsed = HarMessageSchema.safeParse(item);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // Not a line: a HAR is one JSON document, often a single line; the path says where.
    collector.error(0, `log.entries[${place.entry}]._webSocketMessages[${place.message}]${issue?.path.length ? `.${issue.path.join('.')}` : ''}: ${issue?.message ?? 'invalid'}`);
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
    if (packet && wanted) raw = packet.payloadText ?? JSON.stringify(packet.payload);
    else if (!extras) return undefined;
  }
  const protocol = extras?.protocol ?? entry.protocol;
  const frame = asStreamedItem(frameOfStored(direction, protocol, raw, binary ? 'base64' : 'text', extras?.rawTruncated ? extras.listed : undefined), extras?.streamItem);
  return {
    ...frame,
    direction, receivedAt: Math.round(message.time * 1000), protocol: frame.protocol ?? protocol, order,
    ...(extras ? { seq: extras.seq } : {}),
    ...(extras?.outgoing ? { outgoing: extras.outgoing } : direction === 'out' ? { outgoing: { via: 'socket' as const, status: 'sent' as const } } : {}),
    ...(extras?.streamItem ? { streamItem: extras.streamItem } : {}),
    ...(extras?.rawTruncated ? { rawTruncated: true } : {}),
  };
}

interface EntryState {
  request?: unknown;
  startedDateTime?: string;
  socket?: SocketEntry | null;
  /** Messages seen before the entry's URL (unusual field order): held until it is known. */
  pending: Array<{ item: unknown; place: MessagePlace }>;
  metas: unknown[];
  /** The "socket opened" note, timed once the entry's start (or first message) is known. */
  note?: Draft;
}

const ENTRY_FIELDS = new Set(['request', 'startedDateTime', '_conversationDevtoolsMeta']);

/** Which values of a HAR the scanner materialises: small log fields, a few entry fields, each message. */
/** The deepest path `wantedHarPath` takes (log.entries[i]._webSocketMessages[j]). */
const HAR_WANTED_DEPTH = 5;

function wantedHarPath(path: JsonPath): boolean {
  if (path[0] !== 'log') return false;
  if (path.length === 2) return path[1] === 'version' || path[1] === 'creator' || path[1] === '_conversationDevtools';
  if (path[1] !== 'entries') return false;
  if (path.length === 4) return typeof path[3] === 'string' && ENTRY_FIELDS.has(path[3]);
  return path.length === 5 && path[3] === '_webSocketMessages';
}

/**
 * Reads a HAR (ours, or one saved from Chrome DevTools' Network panel) as a stream: the WebSocket
 * entries of one OpenHands conversation become records; each reconnect's socket is noted, events
 * seen again on a later socket (history replayed on reconnect) are dropped as the live log drops
 * them. Only one message is materialised at a time, and the `maxRecords` cap applies as they are
 * read (the first ones in the order they are imported in, which only the end of the file
 * settles), so memory follows the records kept (twice the cap at most, plus the ids of the
 * events seen), not the size of the file.
 */
export class HarReader {
  private readonly scanner = new JsonStreamScanner(wantedHarPath, (path, value) => this.take(path, value), HAR_WANTED_DEPTH);
  private readonly collector: ReadCollector;
  private readonly entries = new Map<number, EntryState>();
  /** The first `maxRecords` by seq, while every draft has one (our export); else dropped. */
  private firstBySeq: FirstInOrder<Draft> | undefined;
  private readonly firstByTime: FirstInOrder<Draft>;
  private offered = 0;
  /** Inbound events by id: the duplicates are the ones offered beyond the distinct ids. */
  private readonly eventIds = new Set<string>();
  private offeredWithId = 0;
  private ours: RecordingHeader | undefined;
  private creator: { name: string; version: string } | undefined;
  private chosen: SocketEntry | undefined;
  /** The first socket's note: shown only when a second socket makes it a reconnect. */
  private firstNote: Draft | undefined;
  private notesOffered = 0;
  private others = 0;
  private order = 0;
  private sawLog = false;

  constructor(limits: ReadLimits) {
    this.collector = new ReadCollector(limits);
    this.firstBySeq = new FirstInOrder(limits.maxRecords, bySeq, dedupeKey);
    this.firstByTime = new FirstInOrder(limits.maxRecords, byTime, dedupeKey);
  }

  /** A draft in its final form (its time will not change): kept if it is among the first. */
  private offer(draft: Draft): void {
    this.offered += 1;
    const key = dedupeKey(draft);
    if (key !== undefined) {
      this.offeredWithId += 1;
      this.eventIds.add(key);
    }
    if (draft.seq === undefined) this.firstBySeq = undefined;
    this.firstBySeq?.offer(draft);
    this.firstByTime.offer(draft);
  }

  write(text: string): void {
    this.scanner.write(text);
  }

  private take(path: JsonPath, value: unknown): void {
    this.sawLog = true;
    if (path.length === 2) {
      if (path[1] === '_conversationDevtools') {
        const header = RecordingHeaderSchema.safeParse(value);
        if (header.success) this.ours = header.data;
      } else if (path[1] === 'creator') {
        const creator = HarLogSchema.shape.log.shape.creator.safeParse(value);
        if (creator.success && creator.data) this.creator = creator.data;
      }
      return;
    }
    const index = path[2] as number;
    let entry = this.entries.get(index);
    if (!entry) {
      for (const [open] of this.entries) if (open < index) this.closeEntry(open);
      entry = { pending: [], metas: [] };
      this.entries.set(index, entry);
    }
    if (path.length === 5) {
      const place = { entry: index, message: path[4] as number };
      if (entry.socket === undefined) entry.pending.push({ item: value, place });
      else if (entry.socket !== null) this.message(entry.socket, value, place, entry.note);
      return;
    }
    if (path[3] === 'startedDateTime' && typeof value === 'string') {
      entry.startedDateTime = value;
      const at = Date.parse(value);
      if (entry.note && Number.isFinite(at)) entry.note.receivedAt = at;
    }
    else if (path[3] === '_conversationDevtoolsMeta' && Array.isArray(value)) entry.metas.push(...value);
    else if (path[3] === 'request') this.resolveSocket(entry, value);
  }

  private resolveSocket(entry: EntryState, request: unknown): void {
    const url = HarEntrySchema.shape.request.safeParse(request);
    const target = url.success ? parseSocketUrl(url.data.url) : undefined;
    if (!url.success || !target) {
      entry.socket = null;
      if (url.success && /^wss?:/.test(url.data.url)) this.others += 1;
      return;
    }
    const socket: SocketEntry = { ...target, url: url.data.url, ...(entry.startedDateTime ? { startedDateTime: entry.startedDateTime } : {}) };
    this.chosen ??= this.ours ? { ...socket, conversationId: this.ours.conversationId } : socket;
    if (!sameId(socket.conversationId, this.chosen.conversationId)) {
      this.collector.error(0, `skipped the WebSocket of conversation ${socket.conversationId}: one conversation per import`);
      entry.socket = null;
      return;
    }
    entry.socket = socket;
    entry.note = this.noteSocket(socket);
    for (const { item, place } of entry.pending.splice(0)) this.message(socket, item, place, entry.note);
  }

  /** Without our header, several sockets of one conversation are reconnects: say where each begins. */
  private noteSocket(socket: SocketEntry): Draft | undefined {
    if (this.ours) return undefined;
    const at = socket.startedDateTime ? Date.parse(socket.startedDateTime) : NaN;
    // A V0 socket URL carries the session key in its query: never shown as it is.
    const message = `socket opened: ${redactText(socket.url).text}`;
    return { ...metaFrame(undefined, message), meta: { type: 'note', message }, direction: 'meta', receivedAt: Number.isFinite(at) ? at : 0, protocol: socket.protocol, order: this.order++ };
  }

  /** Offered when its entry closes: until then its time may still move to the first message's. */
  private offerNote(note: Draft): void {
    this.notesOffered += 1;
    if (this.notesOffered === 1) {
      this.firstNote = note;
      return;
    }
    if (this.firstNote) { this.offer(this.firstNote); this.firstNote = undefined; }
    this.offer(note);
  }

  private message(socket: SocketEntry, item: unknown, place: MessagePlace, note?: Draft): void {
    const draft = draftOf(socket, item, this.order++, place, this.collector);
    if (!draft) return;
    if (note && note.receivedAt === 0) note.receivedAt = draft.receivedAt;
    this.offer(draft);
  }

  private closeEntry(index: number): void {
    const entry = this.entries.get(index);
    this.entries.delete(index);
    if (!entry) return;
    if (entry.socket === undefined && entry.pending.length > 0) this.others += 1;
    if (!entry.socket) return;
    if (entry.note) this.offerNote(entry.note);
    for (const item of entry.metas) {
      const meta = HarMetaSchema.safeParse(item);
      if (!meta.success) { this.collector.error(0, 'invalid meta record skipped'); continue; }
      this.offer({ ...metaFrame(meta.data.meta, meta.data.summary), ...(meta.data.meta ? { meta: meta.data.meta } : {}), direction: 'meta', receivedAt: meta.data.receivedAt, protocol: entry.socket.protocol, seq: meta.data.seq, order: this.order++ });
    }
  }

  finish(): ReadResult {
    let cut: string | undefined;
    try {
      this.scanner.end();
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'not JSON';
      // A HAR cut short (interrupted download or copy) still holds every message before the cut.
      if (this.chosen === undefined) throw new Error(`Neither a Conversation DevTools recording nor a HAR file (${reason}).`);
      cut = reason;
    }
    for (const [index] of this.entries) this.closeEntry(index);
    if (!this.sawLog) throw new Error('Not a HAR file: no log.entries.');
    const socket = this.chosen;
    if (!socket) {
      throw new Error(`This HAR has no OpenHands WebSocket entry (/sockets/events/{id}, /sockets/session/{id} or /socket.io/?conversation_id=…)${this.others > 0 ? `; ${this.others} other WebSocket entries` : ''}.`);
    }
    const header: RecordingHeader = this.ours ?? {
      format: RECORDING_FORMAT, version: RECORDING_FORMAT_VERSION, server: socket.server, conversationId: socket.conversationId,
      protocol: socket.protocol, tool: this.creator ?? { name: 'unknown', version: '' }, createdAt: socket.startedDateTime ?? new Date(0).toISOString(),
    };
    const kept = (this.firstBySeq ?? this.firstByTime).sorted();
    const conversationKey = conversationKeyOf({ serverUrl: header.server, conversationId: header.conversationId });
    const duplicates = this.offeredWithId - this.eventIds.size;
    let seq = 0;
    for (const { order: _order, seq: storedSeq, ...draft } of kept) {
      seq = storedSeq ?? seq + 1;
      this.collector.record({ ...draft, seq, conversationKey });
    }
    this.collector.pastLimit(this.offered - duplicates - kept.length);
    if (cut !== undefined) this.collector.error(0, `${cut}: the ${this.collector.records.length} records read before the cut were imported, anything after it is missing`);
    if (duplicates > 0) this.collector.error(0, `${duplicates} events seen again (same id, e.g. history replayed after a reconnect) were dropped, as the live log drops them`);
    return this.collector.result(header, 'har');
  }
}

/** A whole HAR text at once (tests, small files). */
export function readHarText(text: string, limits: ReadLimits): ReadResult {
  const reader = new HarReader(limits);
  reader.write(text);
  return reader.finish();
}
