/**
 * The text filter's matches inside payloads the panel does not hold: most events reach the panel
 * without their raw text (it stays in the SW), so the SW runs the same query over it. One search
 * at a time, each covering the records after the last one searched, so a live stream under an
 * active filter costs one round trip per batch, not one per record. A new text starts over, and
 * an answer to an older text is dropped.
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import type { PayloadSearchAnswer } from '../../shared/port/messages';
import type { LogRecord } from '../../shared/record';
import { parseTextQuery } from '../../shared/text-query';
import { cutsMoreThan, someSearchableText } from './record-labels';

/** Runs the filter text over the SW-held payloads of records after `afterSeq` (-Infinity: all); seqs in the panel's numbering. */
export type PayloadSearcher = (text: string, afterSeq: number) => Promise<PayloadSearchAnswer>;

export class PayloadMatches {
  private readonly matched = new Set<number>();
  private text = '';
  /** The text's test, for what the panel holds of a record (see `replaced`). */
  private test: (text: string) => boolean = () => false;
  /** Seqs go below zero for history loaded newest-first: nothing searched is -Infinity, not -1. */
  private throughSeq = -Infinity;
  /** Where `searchAgainFrom` moved the cursor back to while a search was in flight (its answer must not move past it). */
  private rewoundDuringSearch = Infinity;
  private inFlight = false;
  /** The newest seq held when the last search failed (-Infinity: none failed since the restart). */
  private failedAt = -Infinity;
  /** Bumped on every start-over: answers carrying an older value are stale. */
  private round = 0;
  private readonly searchingSignal = signal(false);
  private readonly errorSignal = signal<string | null>(null);

  /**
   * @param onFound called with the seqs newly found, so the filtered rows can be re-tested, and
   *   then to catch up (it calls `catchUp`); with none after a stale answer.
   */
  constructor(private readonly search: PayloadSearcher | undefined, private readonly onFound: (seqs: readonly number[]) => void) {}

  /** A search is on its way: rows whose payloads are not yet searched are shown by their fields only. */
  get searching(): ReadonlySignal<boolean> {
    return this.searchingSignal;
  }

  /** Why the last search failed (shown in the filter bar); null when it did not. */
  get error(): ReadonlySignal<string | null> {
    return this.errorSignal;
  }

  /** Whether the SW found the filter text in this record's payload (by seq). */
  has(seq: number): boolean {
    return this.matched.has(seq);
  }

  /**
   * Starts over for `text` ('' = no text filter, nothing to search). A search still in flight
   * for the old text is not joined by another: its answer is dropped when it comes and the new
   * search starts then, so typing a word costs the SW at most two searches of the whole log,
   * not one per keystroke.
   */
  restart(text: string): void {
    this.round += 1;
    this.text = this.search ? text : '';
    const query = parseTextQuery(this.text);
    this.test = query.ok ? query.test : () => false;
    this.throughSeq = -Infinity;
    this.matched.clear();
    this.failedAt = -Infinity;
    this.searchingSignal.value = this.inFlight && this.text !== '';
    this.errorSignal.value = null;
  }

  /** The panel's cap dropped records before `seq`: their matches go (nothing shows them). */
  forgetBefore(seq: number): void {
    for (const matched of this.matched) if (matched < seq) this.matched.delete(matched);
  }

  /**
   * A record was replaced in place by `current`. When the panel matched `previous` by text it
   * held that `current` lacks (a streamed item grew past its listing's cut), and the SW has not
   * found the text in it (it searched the record while the panel still held all of it), the
   * SW searches it again. Without this the row dropped out of the filtered list for good.
   */
  replaced(previous: LogRecord, current: LogRecord): void {
    if (this.text === '' || this.matched.has(current.seq) || !cutsMoreThan(current, previous)) return;
    if (!someSearchableText(previous, this.test)) return;
    this.throughSeq = Math.min(this.throughSeq, current.seq - 1);
    if (this.inFlight) this.rewoundDuringSearch = Math.min(this.rewoundDuringSearch, current.seq - 1);
  }

  /**
   * Asks the SW about records after the last searched one, up to `lastSeq` at least: when none
   * is in flight, and after a failure only once newer records came (a port that died with the
   * SW fails every request until the link is back; retrying at once would spin).
   */
  catchUp(lastSeq: number): void {
    if (!this.search || this.text === '' || this.inFlight || lastSeq <= this.throughSeq || lastSeq <= this.failedAt) return;
    const round = this.round;
    this.inFlight = true;
    this.rewoundDuringSearch = Infinity;
    this.searchingSignal.value = true;
    this.search(this.text, this.throughSeq).then((answer) => {
      this.inFlight = false;
      if (round !== this.round) return this.onFound([]); // stale: the current text's search starts now
      this.searchingSignal.value = false;
      // A whole answer covers everything up to lastSeq (the SW holds at least what the panel held
      // when it asked); a partial one (`more`) only up to where it stopped.
      this.throughSeq = Math.min(Math.max(this.throughSeq, answer.throughSeq ?? -Infinity, answer.more ? -Infinity : lastSeq), this.rewoundDuringSearch);
      this.errorSignal.value = null;
      for (const seq of answer.seqs) this.matched.add(seq);
      this.onFound(answer.seqs);
    }, (error: unknown) => {
      this.inFlight = false;
      if (round !== this.round) return this.onFound([]);
      this.failedAt = lastSeq;
      this.searchingSignal.value = false;
      this.errorSignal.value = `payload search failed: ${error instanceof Error ? error.message : String(error)}`;
    });
  }
}
