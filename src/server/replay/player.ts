import type { ReplayPlan, ReplayStep } from './plan';

/** The timer seam: tests drive playback with a fake clock. */
export interface ReplayClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: ReplayClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** 1 = original timing, 10 = ten times faster, 'max' = everything at once. */
export type ReplaySpeed = number | 'max';

export interface PlayerOptions {
  speed: ReplaySpeed;
  loop: boolean;
  clock: ReplayClock;
  /** Pause between loop iterations (also keeps `max` + loop from spinning). */
  loopPauseMs: number;
}

export type PlayerState = 'idle' | 'playing' | 'waiting-to-loop' | 'finished' | 'stopped';

/**
 * Plays a plan into `apply`: step i is due at iterationStart + atMs / speed. One timer at a
 * time; steps already due run together. With `loop`, the plan starts over after a pause
 * (`apply` gets the iteration number so it can give repeated events fresh ids).
 */
export class ReplayPlayer {
  private index = 0;
  private iteration = 0;
  private iterationStart = 0;
  private timer: unknown;
  private stateValue: PlayerState = 'idle';
  private readonly finishedWaiters: Array<() => void> = [];

  constructor(
    private readonly plan: ReplayPlan,
    private readonly apply: (step: ReplayStep, iteration: number) => void,
    private readonly options: PlayerOptions,
  ) {}

  get state(): PlayerState {
    return this.stateValue;
  }

  /** Steps applied so far in the current iteration, and which iteration (0-based). */
  get position(): { iteration: number; index: number; total: number } {
    return { iteration: this.iteration, index: this.index, total: this.plan.steps.length };
  }

  start(): void {
    if (this.stateValue !== 'idle') return;
    this.beginIteration();
  }

  stop(): void {
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.stateValue = 'stopped';
    this.flushWaiters();
  }

  /** Resolves when the plan has played to the end (never, with loop, unless stopped). */
  finished(): Promise<void> {
    if (this.stateValue === 'finished' || this.stateValue === 'stopped') return Promise.resolve();
    return new Promise((resolve) => this.finishedWaiters.push(resolve));
  }

  private beginIteration(): void {
    this.stateValue = 'playing';
    this.index = 0;
    this.iterationStart = this.options.clock.now();
    this.run();
  }

  private dueAt(step: ReplayStep): number {
    const speed = this.options.speed;
    return speed === 'max' ? this.iterationStart : this.iterationStart + step.atMs / speed;
  }

  private run(): void {
    this.timer = undefined;
    const steps = this.plan.steps;
    while (this.index < steps.length) {
      const step = steps[this.index];
      if (step === undefined) break;
      const wait = this.dueAt(step) - this.options.clock.now();
      if (wait > 0) {
        this.timer = this.options.clock.setTimeout(() => this.run(), wait);
        return;
      }
      this.index += 1;
      this.apply(step, this.iteration);
    }
    if (this.options.loop && steps.length > 0) {
      this.stateValue = 'waiting-to-loop';
      this.timer = this.options.clock.setTimeout(() => {
        this.iteration += 1;
        this.beginIteration();
      }, this.options.loopPauseMs);
      return;
    }
    this.stateValue = 'finished';
    this.flushWaiters();
  }

  private flushWaiters(): void {
    for (const resolve of this.finishedWaiters.splice(0)) resolve();
  }
}
