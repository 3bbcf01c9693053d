/**
 * The session socket's resume cursor is the highest CONTIGUOUS `seq` received (V0 keeps the
 * highest id: its replay never sends some kinds, so its holes would never fill): a frame past a hole does not move it, so the next resume
 * replays the hole (frames already held come again and are deduped). Only the first numbered
 * frame of a replay may jump: the server no longer has what lies before it.
 */
export class ContiguousWatermark {
  private highestSeen: number | undefined;
  private replayStarting = false;

  /** A (re)connect's replay begins: its first frame may jump. */
  replayBegins(): void {
    this.replayStarting = true;
  }

  /** The server's log ends below what we saw (replaced or rebuilt): numbers count from its end again. */
  restartBelow(): void {
    this.highestSeen = undefined;
  }

  /** Numbers skipped between the highest seen and `n` (a hole noticed live). */
  gapBefore(cursor: number | undefined, n: number | undefined): number {
    const known = Math.max(this.highestSeen ?? -1, cursor ?? -1);
    if (n === undefined || known < 0) return 0;
    return Math.max(0, n - known - 1);
  }

  /** Whether the cursor moves to `n` (it is the next number, or a replay's permitted jump). */
  advancesTo(cursor: number | undefined, n: number): boolean {
    const jumpAllowed = this.replayStarting;
    this.replayStarting = false;
    this.highestSeen = Math.max(this.highestSeen ?? -1, n);
    const current = cursor ?? -1;
    if (n <= current) return false;
    return n === current + 1 || jumpAllowed;
  }
}
