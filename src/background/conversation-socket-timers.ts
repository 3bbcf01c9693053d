import type { Clock, TimerHandle } from './contracts';

export type TimerName = 'watchdog' | 'retry' | 'probe' | 'liveness' | 'uptime' | 'offline';

/** Named one-shot timers of one connection, so every transition can cancel them all at once. */
export function createNamedTimers(clock: Clock) {
  const timers = new Map<TimerName, TimerHandle>();
  function clear(name: TimerName): void {
    const handle = timers.get(name);
    if (handle !== undefined) clock.clearTimeout(handle);
    timers.delete(name);
  }
  return {
    set(name: TimerName, ms: number, fn: () => void): void {
      clear(name);
      timers.set(name, clock.setTimeout(() => {
        timers.delete(name);
        fn();
      }, ms));
    },
    clear,
    clearAll(): void {
      for (const name of [...timers.keys()]) clear(name);
    },
  };
}
