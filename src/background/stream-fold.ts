/**
 * Session-socket progress frames (protocol §1.10) folded into one growing record per streamed
 * item: `item_started` opens it, each `delta` appends (a gap in `order` marks it lossy), a higher
 * `attempt` supersedes, `item_aborted` or the durable event with the same id retires it. Pure.
 */
import type { DecodedFrame, StreamInfo } from '../shared/record';
import { tailOf } from '../shared/stream-summary';

export type StreamFrame = DecodedFrame & { stream: NonNullable<DecodedFrame['stream']> };

/** One open item: its record's seq, the next delta `order` expected, and its summary's tail. */
export interface StreamSlot {
  seq: number;
  nextOrder: number;
  /** The text's last SUMMARY_TAIL_CHARS, kept as it grows: slicing the whole growing text on every delta cost its whole length each time. */
  tail: string;
}

/**
 * Text (and reasoning) kept per streamed item. Past it the item says `truncated`: the durable
 * event that ends the stream carries the whole text anyway. Without a cap one endless stream
 * outgrew the log's byte cap, which eviction never saw (it runs on appends).
 */
export const MAX_STREAM_TEXT_CHARS = 1024 * 1024;

export function isStreamFrame(frame: DecodedFrame): frame is StreamFrame {
  return frame.stream !== undefined && (frame.frameType === 'item_started' || frame.frameType === 'delta' || frame.frameType === 'item_aborted');
}

/** The item's state after `frame`; undefined when the frame is stale (an older attempt). */
export function foldStream(prev: StreamInfo | undefined, slot: StreamSlot | undefined, frame: StreamFrame): { info: StreamInfo; nextOrder: number; tail: string } | undefined {
  const { itemId, attempt, order, deltaKind, content, reason } = frame.stream;
  if (prev !== undefined && attempt < prev.attempt) return undefined;
  const fresh = prev === undefined || attempt > prev.attempt;
  const base: StreamInfo = fresh ? { itemId, attempt, state: 'streaming', text: '' } : prev;
  const expected = fresh ? 0 : slot?.nextOrder ?? 0;
  const tail = fresh ? '' : slot?.tail ?? tailOf(base.text);
  if (frame.frameType === 'item_started') return { info: fresh ? base : { ...base, state: 'streaming' }, nextOrder: expected, tail };
  if (frame.frameType === 'item_aborted') return { info: { ...base, state: 'aborted', ...(reason !== undefined ? { reason } : {}) }, nextOrder: expected, tail };
  const lossy = base.lossy === true || (order !== undefined && order !== expected) || (fresh && prev === undefined && (order ?? 0) > 0);
  const piece = content ?? '';
  const reasoning = deltaKind === 'reasoning';
  const before = reasoning ? base.reasoning ?? '' : base.text;
  const room = MAX_STREAM_TEXT_CHARS - before.length;
  const kept = piece.length <= room ? piece : piece.slice(0, Math.max(0, room));
  const info: StreamInfo = reasoning ? { ...base, reasoning: before + kept } : { ...base, text: before + kept };
  if (lossy) info.lossy = true;
  if (kept.length < piece.length) info.truncated = true;
  return { info, nextOrder: order !== undefined ? Math.max(expected, order + 1) : expected + 1, tail: reasoning ? tail : tailOf(tail + kept) };
}


/** How much of a stream record counts against the log's byte cap beyond its raw text. */
export function streamBytes(info: StreamInfo | undefined): number {
  return info === undefined ? 0 : info.text.length + (info.reasoning?.length ?? 0);
}

/**
 * The events socket has no item ids: consecutive `StreamingDeltaEvent`s are one growing item
 * (as the reference client merges them), finished by the agent's next event (its message, or
 * the action whose thought the text was). A delta carries `content`, `reasoning_content` or
 * both (§2.2): one fold each, reasoning first. Undefined for anything else.
 */
export function eventsDeltaAsStream(frame: DecodedFrame, itemId: string): StreamFrame[] | undefined {
  if (frame.kind !== 'StreamingDeltaEvent' || frame.rawEncoding !== 'text') return undefined;
  let delta: { content?: unknown; reasoning_content?: unknown };
  try {
    delta = JSON.parse(frame.raw) as typeof delta;
  } catch {
    return undefined;
  }
  const folds: StreamFrame[] = [];
  const as = (content: string, deltaKind?: string): StreamFrame => ({ ...frame, frameType: 'delta', stream: { itemId, attempt: 1, content, ...(deltaKind ? { deltaKind } : {}) } });
  if (typeof delta.reasoning_content === 'string') folds.push(as(delta.reasoning_content, 'reasoning'));
  if (typeof delta.content === 'string' || folds.length === 0) folds.push(as(typeof delta.content === 'string' ? delta.content : ''));
  return folds;
}
