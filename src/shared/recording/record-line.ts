import { conversationKeyOf } from '../connection';
import { decodeOutgoing } from '../protocol/client-frames';
import { decodeFrame } from '../protocol/decode-frame';
import type { Generation } from '../protocol/generation';
import type { DecodedFrame, LogRecord, MetaInfo, StreamInfo } from '../record';
import { streamSummary } from '../stream-summary';
import type { ListedFacts, RecordingHeader, RecordLine } from './format';

/** The stored facts of one record: the raw frame and what cannot be recomputed from it. */
export function toRecordLine(record: LogRecord, headerProtocol: Generation): RecordLine {
  return {
    seq: record.seq,
    direction: record.direction,
    receivedAt: record.receivedAt,
    ...(record.protocol !== headerProtocol ? { protocol: record.protocol } : {}),
    raw: record.raw,
    ...(record.rawEncoding === 'base64' ? { rawEncoding: 'base64' as const } : {}),
    ...(record.direction === 'meta' ? { summary: record.summary } : {}),
    ...(record.meta ? { meta: record.meta } : {}),
    ...(record.outgoing ? { outgoing: record.outgoing } : {}),
    ...(record.streamItem ? { streamItem: record.streamItem } : {}),
    ...(record.rawTruncated ? { rawTruncated: true } : {}),
    ...(record.rawTruncated && record.direction !== 'meta' ? { listed: listedFactsOf(record) } : {}),
  };
}

/** The decoded facts of a record whose raw is cut: the only account of it the file will have. */
export function listedFactsOf(record: LogRecord): ListedFacts {
  const { validity, frameType, category, size, summary, eventId, kind, nestedKind, source, serverSeq, stateKey, actionId, toolCallId } = record;
  const optional = { eventId, kind, nestedKind, source, serverSeq, stateKey, actionId, toolCallId };
  const facts: ListedFacts = { validity, frameType, category, size, summary };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) (facts as Record<string, unknown>)[key] = value;
  return facts;
}

/**
 * A stored frame as the reader sees it: decoded again from its raw, or, when the raw is cut and
 * the exporter stored what its listing showed, those facts (a cut raw only decodes as not JSON).
 */
export function frameOfStored(direction: LogRecord['direction'], protocol: Generation, raw: string, rawEncoding: 'text' | 'base64', listed: ListedFacts | undefined): DecodedFrame {
  if (listed !== undefined) return { ...listed, raw, rawEncoding };
  return decodeStored(direction, protocol, raw, rawEncoding);
}

/**
 * A streamed item's record as the log showed it: the stored frame is only the item's first
 * (`item_started`, or the events socket's first StreamingDeltaEvent, which the log holds as a
 * `delta`), while the line shows the folded item.
 */
export function asStreamedItem(frame: DecodedFrame, item: StreamInfo | undefined): DecodedFrame {
  if (item === undefined) return frame;
  return { ...frame, summary: streamSummary(item), ...(frame.kind === 'StreamingDeltaEvent' ? { frameType: 'delta' as const } : {}) };
}

function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A meta record's frame part: nothing on the wire, its own summary. */
export function metaFrame(meta: MetaInfo | undefined, summary: string): DecodedFrame {
  return { validity: 'ok', raw: '', rawEncoding: 'text', size: 0, frameType: 'none', category: meta?.type === 'error' ? 'error' : 'control', summary };
}

/** A bare V1 event (what REST serves): a `kind`, and no session envelope's `type`. */
function isBareEvent(raw: string): boolean {
  try {
    const value: unknown = JSON.parse(raw);
    return value !== null && typeof value === 'object' && typeof (value as Record<string, unknown>)['kind'] === 'string' && !('type' in value);
  } catch {
    return false;
  }
}

/**
 * Decodes a stored frame again, as the live capture would have (validity is recomputed). The
 * frame's `protocol` is set when it decoded as another generation than the one it was stored with.
 */
export function decodeStored(direction: LogRecord['direction'], protocol: Generation, raw: string, rawEncoding: 'text' | 'base64'): DecodedFrame {
  if (direction === 'out') return decodeOutgoing(protocol, raw);
  if (rawEncoding === 'base64') {
    try {
      return decodeFrame(protocol, base64ToBytes(raw));
    } catch {
      return { validity: 'binary', raw, rawEncoding: 'base64', size: 0, frameType: 'none', category: 'other', summary: 'unreadable base64 frame' };
    }
  }
  const frame = decodeFrame(protocol, raw);
  // Files written before records kept their own protocol stamped REST-loaded events of a
  // session-socket log v1-session; they are bare events, not envelopes without a type.
  if (protocol === 'v1-session' && frame.validity === 'invalid' && frame.frameType === 'none' && isBareEvent(raw)) {
    return { ...decodeFrame('v1-events', raw), protocol: 'v1-events' };
  }
  return frame;
}

/** Rebuilds a LogRecord from its line; `conversationKey` comes from the header. */
export function fromRecordLine(line: RecordLine, header: Pick<RecordingHeader, 'server' | 'conversationId' | 'protocol'>): LogRecord {
  const protocol = line.protocol ?? header.protocol;
  const frame = line.direction === 'meta'
    ? metaFrame(line.meta, line.summary ?? line.meta?.type ?? 'meta')
    : asStreamedItem(frameOfStored(line.direction, protocol, line.raw, line.rawEncoding ?? 'text', line.rawTruncated ? line.listed : undefined), line.streamItem);
  return {
    ...frame,
    seq: line.seq,
    conversationKey: conversationKeyOf({ serverUrl: header.server, conversationId: header.conversationId }),
    direction: line.direction,
    receivedAt: line.receivedAt,
    protocol: frame.protocol ?? protocol,
    ...(line.meta ? { meta: line.meta } : {}),
    ...(line.outgoing ? { outgoing: line.outgoing } : {}),
    ...(line.streamItem ? { streamItem: line.streamItem } : {}),
    ...(line.rawTruncated ? { rawTruncated: true } : {}),
  };
}
