import type { ConversationSink } from '../contracts';
import type { DecodedFrame } from '../../shared/record';
import { storedByServer } from '../../shared/protocol/stored-kinds';
import { tapSink } from './sink-tap';

/**
 * Counts the distinct persisted events a v1-events connection holds, so a reconnect can ask
 * the server one `/events/count?timestamp__lt=T` and skip the REST search when nothing before
 * the resume point is missing. Without it every reconnect re-read the whole history over REST.
 * Frames the server sends but never stores are left out (storedByServer): counted, they
 * could offset missed events exactly, and the search that would find those was skipped.
 */
export class HeldEventTally {
  private held = 0;
  private newest: string | undefined;
  private atNewest = 0;

  note(frame: DecodedFrame): void {
    if (frame.eventId === undefined || frame.timestamp === undefined || !storedByServer(frame.kind, frame.stateKey)) return;
    this.held += 1;
    if (this.newest === undefined || frame.timestamp > this.newest) {
      this.newest = frame.timestamp;
      this.atNewest = 1;
    } else if (frame.timestamp === this.newest) {
      this.atNewest += 1;
    }
  }

  /** Held events with a timestamp strictly before `timestamp`. */
  heldBefore(timestamp: string): number {
    if (this.newest === undefined || this.newest < timestamp) return this.held;
    return this.newest === timestamp ? this.held - this.atNewest : Number.NaN; // unknown: do the search
  }

  /** The sink, with every newly held inbound event counted. */
  wrap(sink: ConversationSink): ConversationSink {
    return tapSink(sink, {
      inbound: (frame, _via, record) => { if (record !== null) this.note(frame); },
      prepended: (frames, kept) => {
        // The frames, not the kept records: a held record has no timestamp (the log drops it).
        const keptIds = new Set(kept.map((record) => record.eventId));
        for (const frame of frames) if (frame.eventId !== undefined && keptIds.has(frame.eventId)) this.note(frame);
      },
    });
  }
}
