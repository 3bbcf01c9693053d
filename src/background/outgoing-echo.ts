/**
 * Outgoing user messages wait for the server's echo (protocol §4.5): the next user
 * MessageEvent with identical text is the echo. Without one within `timeoutMs` the record
 * says `no-echo`; an identical echo that comes later still settles it (`echoed`).
 *
 * The reference client falls back to the oldest pending message when no text matches, which
 * suits an optimistic bubble but not a debugger: another client's message, or a late echo of
 * an earlier send, marked the wrong record echoed and linked it to the wrong event.
 *
 * History never echoes: a user message the server had stored before the send (replayed after
 * it) settles nothing. The connection's EchoHorizon tells (echo-horizon.ts has the rule).
 */
import type { DecodedFrame, LogRecord, OutgoingInfo } from '../shared/record';
import { echoedUserText, sentUserText } from '../shared/protocol/user-message-text';
import type { Clock, EchoHorizon, EchoMark, TimerHandle } from './contracts';

export const DEFAULT_ECHO_TIMEOUT_MS = 150_000;
/** Sends that turned `no-echo` and may still be echoed late: the newest this many. */
const LATE_ECHOES_KEPT = 64;

interface Pending {
  seq: number;
  text: string;
  outgoing: OutgoingInfo;
  timer: TimerHandle;
  /** Where the server's history stood at the send (absent without a horizon). */
  mark?: EchoMark;
}
type Settled = Omit<Pending, 'timer'>;

export class EchoTracker {
  private pending: Pending[] = [];
  /** Timed out (`no-echo`), oldest first: an identical echo still settles them. */
  private timedOut: Settled[] = [];
  /** Echoed by a frame of a V0 replay: a newer identical message in the same replay is the echo instead. */
  private provisional: Settled[] = [];
  private horizon: EchoHorizon | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs: () => number,
    /** Writes the new outgoing status into the log (which reports the update to panels). */
    private readonly setOutgoing: (seq: number, outgoing: OutgoingInfo) => void,
  ) {}

  /** The connection's horizon (it is created after the sink this tracker serves). */
  useHorizon(horizon: EchoHorizon | undefined): void {
    this.horizon = horizon;
  }

  /** Starts waiting for the echo of an outgoing record that carries a user message. */
  track(record: LogRecord): void {
    const text = sentUserText(record.raw);
    if (text === undefined || record.outgoing === undefined) return;
    const mark = this.horizon?.mark();
    const entry: Pending = { seq: record.seq, text, outgoing: record.outgoing, timer: undefined as unknown as TimerHandle, ...(mark ? { mark } : {}) };
    entry.timer = this.clock.setTimeout(() => {
      this.settle(entry, { ...entry.outgoing, status: 'no-echo' });
      this.timedOut.push(entry);
      if (this.timedOut.length > LATE_ECHOES_KEPT) this.timedOut.shift();
    }, this.timeoutMs());
    this.pending.push(entry);
  }

  /**
   * An inbound record (`frame` as received, `via` where from): a user message with the text of
   * one we sent, stored after that send, settles the oldest such send.
   */
  observe(record: LogRecord, frame: DecodedFrame, via: 'socket' | 'rest'): void {
    const relation = (entry: Settled) => (this.horizon && entry.mark ? this.horizon.relate(frame, via, entry.mark) : 'newer');
    // A provisional link holds while its replay lasts: the first frame past that replay ends it.
    if (this.provisional.length > 0) this.provisional = this.provisional.filter((p) => relation(p) === 'replaying');
    if (this.pending.length === 0 && this.timedOut.length === 0 && this.provisional.length === 0) return;
    const text = echoedUserText(record);
    if (text === undefined) return;
    const candidate = (entry: Settled) => entry.text === text && relation(entry) !== 'history';
    const echoed = (entry: Settled): OutgoingInfo => ({ ...entry.outgoing, status: 'echoed', echoSeq: record.seq });
    const waiting = this.pending.find(candidate);
    const match = waiting ?? this.timedOut.find(candidate);
    if (match === undefined) {
      // Of identical messages in one replay, the newest is the echo: it takes the link over.
      const relinked = this.provisional.find(candidate);
      if (relinked !== undefined) this.setOutgoing(relinked.seq, echoed(relinked));
      return;
    }
    if (waiting !== undefined) this.settle(waiting, echoed(waiting));
    else {
      this.timedOut = this.timedOut.filter((p) => p !== match);
      this.setOutgoing(match.seq, echoed(match));
    }
    if (relation(match) === 'replaying') this.keepProvisional(match);
  }

  /** The REST post failed: nothing will echo. */
  fail(seq: number): void {
    const entry = this.pending.find((p) => p.seq === seq);
    if (entry !== undefined) this.settle(entry, { ...entry.outgoing, status: 'failed' });
  }

  dispose(): void {
    for (const entry of this.pending) this.clock.clearTimeout(entry.timer);
    this.pending = [];
    this.timedOut = [];
    this.provisional = [];
  }

  private keepProvisional(entry: Settled): void {
    const { seq, text, outgoing, mark } = entry;
    this.provisional.push({ seq, text, outgoing, ...(mark ? { mark } : {}) });
    if (this.provisional.length > LATE_ECHOES_KEPT) this.provisional.shift();
  }

  private settle(entry: Pending, outgoing: OutgoingInfo): void {
    this.clock.clearTimeout(entry.timer);
    this.pending = this.pending.filter((p) => p !== entry);
    this.setOutgoing(entry.seq, outgoing);
  }
}
