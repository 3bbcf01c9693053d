/**
 * Keeps the service worker alive while any connection is wanted: Chrome stops an idle SW
 * after ~30 s, and an extension API call resets that timer. A periodic alarm (set by the
 * entry file) revives the SW if it was stopped anyway.
 */
import type { Clock, TimerHandle } from './contracts';

export const KEEPALIVE_INTERVAL_MS = 20_000;

export class KeepAlive {
  private timer: TimerHandle | undefined;

  constructor(
    private readonly clock: Clock,
    /** A cheap extension API call, e.g. `runtime.getPlatformInfo()`. */
    private readonly ping: () => Promise<unknown>,
    private readonly intervalMs = KEEPALIVE_INTERVAL_MS,
  ) {}

  /** Call whenever the set of wanted connections changes. */
  update(anyWanted: boolean): void {
    if (anyWanted && this.timer === undefined) this.schedule();
    if (!anyWanted && this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      this.ping().catch(() => undefined);
      this.schedule();
    }, this.intervalMs);
  }
}
