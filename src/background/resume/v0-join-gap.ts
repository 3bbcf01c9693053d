import type { Clock, ConversationSink } from '../contracts';
import type { RestClient } from '../rest';
import type { DecodedFrame } from '../../shared/record';
import { decodeFrame } from '../../shared/protocol/decode-frame';
import { tapSink } from './sink-tap';
import { v0PagesAtOrBelow } from './v0-event-pages';

type Rest = Pick<RestClient, 'v0EventsNewestFirst'>;

/** A V0 frame after this much quiet (or after the open) is taken to be live: replay and join are over (policy; tests move the clock). */
export const DEFAULT_V0_JOIN_SETTLE_MS = 2_000;

/** Kinds a V0 replay leaves out (§5.3): REST lists them, but the socket never missed them. */
const REPLAY_SKIPS = new Set(['action:null', 'observation:null', 'action:recall', 'observation:agent_state_changed']);

/**
 * A V0 server replays, then awaits its session setup, then joins the conversation's room
 * (§5.3, #8818): events stored in between are neither replayed nor sent live, and the cursor
 * (the highest id) passes them at the first live event, so no resume brings them back. So once
 * per open, at the first frame after a quiet spell, the newest REST page is compared with the
 * log: events between the cursor at open and that frame which the socket did not bring are
 * appended. The replay is a burst, and the join and the agent's next step come after it; timed
 * from the open instead, a replay longer than the spell used the check up on its own frames.
 * Events above the frame are left to the socket (a resume replays everything above the
 * cursor).
 */
export class V0JoinGapWatch {
  private lastFrameAt = 0;
  private openedAfterId = -1;
  private pending = false;
  /** Opens so far: which connection a send was made on, and which one a replay belongs to. */
  private opens = 0;

  constructor(
    private readonly clock: Clock,
    private readonly check: (openedAfterId: number, belowId: number) => void,
    private readonly settleMs = DEFAULT_V0_JOIN_SETTLE_MS,
  ) {}

  /** A V0 socket opened with this cursor (the highest id held). */
  opened(latestEventId: number): void {
    this.opens += 1;
    this.lastFrameAt = this.clock.now();
    this.openedAfterId = latestEventId;
    this.pending = true;
  }

  /** The connection (counted by opens) that is open now; 0 before any V0 open. */
  currentOpen(): number {
    return this.opens;
  }

  /** The open whose replay a socket frame arriving now belongs to (by the same rule as the join), if any. */
  replayingOpen(): number | undefined {
    return this.pending && this.clock.now() - this.lastFrameAt < this.settleMs ? this.opens : undefined;
  }

  /** A frame came over the socket. */
  received(frame: DecodedFrame): void {
    if (!this.pending || frame.serverSeq === undefined) return;
    const quietMs = this.clock.now() - this.lastFrameAt;
    this.lastFrameAt = this.clock.now();
    if (quietMs < this.settleMs) return;
    this.pending = false;
    if (frame.serverSeq > this.openedAfterId + 1) this.check(this.openedAfterId, frame.serverSeq);
  }

  /** The sink, with every frame from the socket looked at after it is held. */
  wrap(sink: ConversationSink): ConversationSink {
    return tapSink(sink, { inbound: (frame, via) => { if (via === 'socket') this.received(frame); } });
  }
}

/**
 * The join gap is paged back at most this far (policy): 50 pages are 5,000 events stored while
 * the server joined. A gap longer than that is noted, not chased for ever.
 */
export const DEFAULT_V0_JOIN_GAP_MAX_PAGES = 50;

/**
 * Appends the events with ids in (afterId, belowId) that REST lists and the log lacks; returns
 * how many. Pages back from just below `belowId` (the first live frame), so a join that stored
 * more than a page loses none, and stops at the page that reaches an event the log holds (the
 * replay's end: everything older came with it) or the open's cursor; at `maxPages` it notes
 * which ids it did not look at.
 */
export async function recoverV0JoinGap(
  rest: Rest, conversationId: string, sink: ConversationSink, afterId: number, belowId: number,
  maxPages = DEFAULT_V0_JOIN_GAP_MAX_PAGES,
): Promise<number> {
  const missing: DecodedFrame[] = []; // newest first
  let oldestRead = belowId;
  let capped = false;
  const pages = v0PagesAtOrBelow(rest, conversationId, belowId - 1, { maxPages, onLimit: () => { capped = true; } });
  for await (const page of pages) {
    let reachedHeld = false;
    for (const raw of page.raws) {
      const frame = decodeFrame('v0-socketio', raw);
      if (frame.serverSeq === undefined || frame.eventId === undefined) continue;
      oldestRead = Math.min(oldestRead, frame.serverSeq);
      if (frame.serverSeq <= afterId) reachedHeld = true;
      else if (sink.hasEventId(frame.eventId)) reachedHeld ||= !REPLAY_SKIPS.has(frame.kind ?? '');
      else if (!REPLAY_SKIPS.has(frame.kind ?? '')) missing.push(frame);
    }
    if (reachedHeld) break;
  }
  missing.reverse(); // oldest first, as they were stored
  for (const frame of missing) sink.appendInbound(frame, 'rest');
  if (missing.length > 0) {
    const events = missing.length === 1 ? '1 event' : `${missing.length} events`;
    sink.appendMeta({ type: 'note', message: `${events} the socket did not bring (stored while the server joined the conversation after its replay) recovered over REST` }, 'V0 join gap recovered');
  }
  if (capped) {
    sink.appendMeta({ type: 'note', message: `V0 join gap: stopped after ${maxPages} REST pages without reaching an event the log holds; events with ids ${afterId + 1}–${oldestRead - 1} were not checked and may be missing` }, 'V0 join gap not fully checked');
  }
  return missing.length;
}
