import type { Clock, TimerHandle } from '../../src/background/contracts';

/** A deterministic timer queue: time moves only when a test advances it. */
export class FakeClock implements Clock {
  private time = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + Math.max(0, ms), fn });
    return id as unknown as TimerHandle;
  }
  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as unknown as number);
  }
  pending(): number {
    return this.timers.size;
  }
  /** Runs every timer due within `ms`, in time order, including ones scheduled meanwhile. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let nextId: number | undefined;
      let nextAt = Infinity;
      for (const [id, t] of this.timers) if (t.at <= end && t.at < nextAt) { nextAt = t.at; nextId = id; }
      if (nextId === undefined) break;
      const timer = this.timers.get(nextId);
      this.timers.delete(nextId);
      this.time = nextAt;
      timer?.fn();
    }
    this.time = end;
  }
}
