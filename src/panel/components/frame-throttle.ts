/**
 * How often the views that follow a stream re-render: in an animation frame, at most once per
 * interval. At 1,000 records/s a render per frame made the panel's main thread busy 930 ms of
 * every second (bench, rendering); nobody reads rows scrolling past at 60 frames/s. Chrome
 * DevTools' own ThrottledWidget updates at most every 100 ms for the same reason.
 *
 * Every render queued before a flush runs in that one frame, so the log and the views that
 * follow it lay out once together. The first render after a quiet interval waits for no timer:
 * a lone event shows in the next frame. Callers queue at most one render at a time (usePerFrame
 * and the log model keep a pending flag), so the queue holds at most one per following view.
 */
export const FOLLOW_RENDER_INTERVAL_MS = 100;

export interface FrameThrottleDeps {
  requestFrame(run: () => void): void;
  setTimer(run: () => void, ms: number): void;
  now(): number;
}

export function throttledFrames(minIntervalMs: number, deps: FrameThrottleDeps): (render: () => void) => void {
  let queued: (() => void)[] = [];
  let lastFlushAt = Number.NEGATIVE_INFINITY;
  const flush = () => {
    lastFlushAt = deps.now();
    const due = queued;
    queued = [];
    for (const render of due) render();
  };
  return (render) => {
    queued.push(render);
    if (queued.length > 1) return;
    const wait = lastFlushAt + minIntervalMs - deps.now();
    if (wait <= 0) deps.requestFrame(flush);
    else deps.setTimer(() => deps.requestFrame(flush), wait);
  };
}
