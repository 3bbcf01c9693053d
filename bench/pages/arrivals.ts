/**
 * Arrival times by event id, taken on one clock shared with the Node harness
 * (performance.timeOrigin + performance.now() ≈ Date.now(), sub-millisecond).
 */
export const now = (): number => performance.timeOrigin + performance.now();

export class Arrivals {
  private readonly at = new Map<string, number>();
  private readonly waiters = new Map<string, (t: number) => void>();

  stamp(eventId: string, t = now()): void {
    if (this.at.has(eventId)) return;
    this.at.set(eventId, t);
    this.waiters.get(eventId)?.(t);
    this.waiters.delete(eventId);
  }

  /** Settles with the arrival time of `eventId` once it is stamped (at once if it already is). */
  whenArrived(eventId: string): Promise<number> {
    const t = this.at.get(eventId);
    if (t !== undefined) return Promise.resolve(t);
    return new Promise((resolve) => { this.waiters.set(eventId, resolve); });
  }

  has(eventId: string): boolean {
    return this.at.has(eventId);
  }

  /** Times for the given ids (null where not arrived), for the harness to compute latencies. */
  timesOf(ids: readonly string[]): (number | null)[] {
    return ids.map((id) => this.at.get(id) ?? null);
  }

  get size(): number {
    return this.at.size;
  }

  clear(): void {
    this.at.clear();
  }
}
