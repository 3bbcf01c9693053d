import type { ConversationSink } from '../contracts';
import type { DecodedFrame, LogRecord } from '../../shared/record';

/** What a tap hears: each inbound frame with what the log made of it, and each prepend; `map` may change a frame first. */
export interface SinkTap {
  map?(frame: DecodedFrame): DecodedFrame;
  inbound?(frame: DecodedFrame, via: 'socket' | 'rest', record: LogRecord | null): void;
  prepended?(frames: readonly DecodedFrame[], kept: LogRecord[]): void;
}

/** The sink, with `tap` told about inbound frames after the log took them (and mapping them before, if it maps). */
export function tapSink(sink: ConversationSink, tap: SinkTap): ConversationSink {
  return {
    appendInbound: (received, via) => {
      const frame = tap.map ? tap.map(received) : received;
      const record = sink.appendInbound(frame, via);
      tap.inbound?.(frame, via, record);
      return record;
    },
    prependHistory: (received) => {
      const frames = tap.map ? received.map((frame) => tap.map!(frame)) : received;
      const kept = sink.prependHistory(frames);
      tap.prepended?.(frames, kept);
      return kept;
    },
    appendOutbound: (frame, outgoing) => sink.appendOutbound(frame, outgoing),
    appendMeta: (meta, summary) => sink.appendMeta(meta, summary),
    countGap: (n) => sink.countGap(n),
    hasEventId: (id) => sink.hasEventId(id),
    statusChanged: (status) => sink.statusChanged(status),
  };
}
