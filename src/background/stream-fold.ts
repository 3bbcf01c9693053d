/**
 * Session-socket progress frames (protocol §1.10) folded into one growing record per streamed
 * item: `item_started` opens it, each `delta` appends (a gap in `order` marks it lossy), a higher
 * `attempt` supersedes, `item_aborted` or the durable event with the same id retires it. Pure.
 */
import type { DecodedFrame, StreamInfo } from '../shared/record';

export type StreamFrame = DecodedFrame & { stream: NonNullable<DecodedFrame['stream']> };

/** One open item: its record's seq and the next delta `order` expected. */
export interface StreamSlot {
  seq: number;
  nextOrder: number;
}

export function isStreamFrame(frame: DecodedFrame): frame is StreamFrame {
  return frame.stream !== undefined && (frame.frameType === 'item_started' || frame.frameType === 'delta' || frame.frameType === 'item_aborted');
}

/** The item's state after `frame`; undefined when the frame is stale (an older attempt). */
export function foldStream(prev: StreamInfo | undefined, slot: StreamSlot | undefined, frame: StreamFrame): { info: StreamInfo; nextOrder: number } | undefined {
  const { itemId, attempt, order, deltaKind, content, reason } = frame.stream;
  if (prev !== undefined && attempt < prev.attempt) return undefined;
  const fresh = prev === undefined || attempt > prev.attempt;
  const base: StreamInfo = fresh ? { itemId, attempt, state: 'streaming', text: '' } : prev;
  const expected = fresh ? 0 : slot?.nextOrder ?? 0;
  if (frame.frameType === 'item_started') return { info: fresh ? base : { ...base, state: 'streaming' }, nextOrder: expected };
  if (frame.frameType === 'item_aborted') return { info: { ...base, state: 'aborted', ...(reason !== undefined ? { reason } : {}) }, nextOrder: expected };
  const lossy = base.lossy === true || (order !== undefined && order !== expected) || (fresh && prev === undefined && (order ?? 0) > 0);
  const piece = content ?? '';
  const info: StreamInfo = deltaKind === 'reasoning'
    ? { ...base, reasoning: (base.reasoning ?? '') + piece }
    : { ...base, text: base.text + piece };
  if (lossy) info.lossy = true;
  return { info, nextOrder: order !== undefined ? Math.max(expected, order + 1) : expected + 1 };
}

export function streamSummary(info: StreamInfo): string {
  const tail = info.text.length > 160 ? `…${info.text.slice(-160)}` : info.text;
  const flags = [info.state, info.lossy ? 'lossy' : '', info.attempt > 1 ? `attempt ${info.attempt}` : ''].filter(Boolean).join(', ');
  return `stream ${info.itemId} (${flags}): ${tail.replace(/\s+/g, ' ')}`;
}

/** How much of a stream record counts against the log's byte cap beyond its raw text. */
export function streamBytes(info: StreamInfo | undefined): number {
  return info === undefined ? 0 : info.text.length + (info.reasoning?.length ?? 0);
}

/**
 * The events socket has no item ids: consecutive `StreamingDeltaEvent`s are one growing item
 * (as the reference client merges them), retired by the agent's next MessageEvent.
 */
export function eventsDeltaAsStream(frame: DecodedFrame, itemId: string): StreamFrame | undefined {
  if (frame.kind !== 'StreamingDeltaEvent' || frame.rawEncoding !== 'text') return undefined;
  let content: unknown;
  try {
    content = (JSON.parse(frame.raw) as { content?: unknown }).content;
  } catch {
    return undefined;
  }
  return { ...frame, frameType: 'delta', stream: { itemId, attempt: 1, ...(typeof content === 'string' ? { content } : {}) } };
}
