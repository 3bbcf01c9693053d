/**
 * Tells the echo of a send from history. A send made while the history still replays used to be
 * settled by an older identical user message replayed after it (a template sent again), and its
 * real echo, coming later, was ignored.
 *
 * The rule, one for every generation: the echo is stored after its send, so an event the server
 * had already stored when the message was sent is history, never its echo. Each send notes the
 * furthest point of the server's log that the server had shown or announced (`mark`), in the
 * server's own order, and only an event past it may settle the send:
 * - session socket: the durable `seq`; its `sync.through_seq` announces where the history it is
 *   about to replay ends, so nothing it replays lies past a mark taken during the replay;
 * - events socket: the event `timestamp`, the server's own clock. It pushes a state snapshot on
 *   subscribe, stamped then, before replaying: everything it replays lies behind that stamp;
 * - V0: the event `id`. Its replay announces no end; it comes as one burst before the server joins
 *   the conversation's room (V0JoinGapWatch tells the burst by the same rule as the join). A frame
 *   of the burst of the connection the send was made on is `replaying`: older identical messages
 *   come first in a replay, so the newest one in the burst is the echo (the tracker moves the
 *   link to it). A later connection resumes after our cursor: its replay is past the mark.
 * A frame without a position (nothing to compare) may still echo, as before.
 */
import type { DecodedFrame } from '../shared/record';
import type { ConversationSink, EchoHorizon, EchoMark, EchoRelation } from './contracts';
import { tapSink } from './resume/sink-tap';

/** The V0 replay bursts, by connection (V0JoinGapWatch). */
export interface V0ReplayBursts {
  currentOpen(): number;
  replayingOpen(): number | undefined;
}

export class ServerHorizon implements EchoHorizon {
  /** Highest seq (session) or id (V0) shown or announced; -1 for none. */
  private seq = -1;
  private timestamp: string | undefined;

  constructor(private readonly v0Replay: V0ReplayBursts) {}

  mark(): EchoMark {
    return { seq: this.seq, ...(this.timestamp !== undefined ? { timestamp: this.timestamp } : {}), connection: this.v0Replay.currentOpen() };
  }

  relate(frame: DecodedFrame, via: 'socket' | 'rest', mark: EchoMark): EchoRelation {
    if (!isPast(frame, mark)) return 'history';
    return via === 'socket' && this.v0Replay.replayingOpen() === mark.connection ? 'replaying' : 'newer';
  }

  /** The sink, with every frame the server sent noted (after the log took it). */
  wrap(sink: ConversationSink): ConversationSink {
    return tapSink(sink, { inbound: (frame) => this.saw(frame) });
  }

  private saw(frame: DecodedFrame): void {
    // The end of the server's log as it says now: lower than before only when it was replaced.
    if (frame.sync) this.seq = frame.sync.throughSeq ?? -1;
    if (frame.serverSeq !== undefined && frame.serverSeq > this.seq) this.seq = frame.serverSeq;
    if (frame.timestamp !== undefined && (this.timestamp === undefined || frame.timestamp > this.timestamp)) this.timestamp = frame.timestamp;
  }
}

function isPast(frame: DecodedFrame, mark: EchoMark): boolean {
  if (frame.serverSeq !== undefined) return frame.serverSeq > mark.seq;
  if (frame.timestamp !== undefined && mark.timestamp !== undefined) return frame.timestamp > mark.timestamp;
  return true;
}
