/**
 * Status broadcasts per conversation, throttled: counts change with every record, so those
 * go out at most once per `intervalMs` (trailing); state changes go out at once.
 */
import type { Clock, TimerHandle } from './contracts';

export class StatusThrottle {
  private readonly timers = new Map<string, TimerHandle>();

  constructor(
    private readonly clock: Clock,
    private readonly emit: (key: string) => void,
    private readonly intervalMs = 250,
  ) {}

  /** Counts changed: publish within `intervalMs`. */
  soon(key: string): void {
    if (this.timers.has(key)) return;
    this.timers.set(key, this.clock.setTimeout(() => {
      this.timers.delete(key);
      this.emit(key);
    }, this.intervalMs));
  }

  /** State changed: publish now (a pending trailing publish is folded into this one). */
  now(key: string): void {
    this.cancel(key);
    this.emit(key);
  }

  cancel(key: string): void {
    const timer = this.timers.get(key);
    if (timer !== undefined) this.clock.clearTimeout(timer);
    this.timers.delete(key);
  }
}
