/**
 * How often the views that follow a stream re-render: in an animation frame, at most once per
 * interval. At 1,000 records/s a render per frame made the panel's main thread busy 930 ms of
 * every second (bench, rendering); nobody reads rows scrolling past at 60 frames/s. Chrome
 * DevTools' own ThrottledWidget updates at most every 100 ms for the same reason.
 *
 * Every render queued before a flush runs in that frame, or (the `trail` lane) in the frame
 * right after it: the log's rows go first, the views that only count or summarise them (status
 * bar, replay bar, detail, timeline) a frame later. In one frame, their ~3 ms of script and
 * layout on top of the rows' made each redraw frame miss its 16.7 ms (bench, rendering); they
 * still update every interval, 16 ms behind the rows. The first render after a quiet interval
 * waits for no timer: a lone event shows in the next frame. Callers queue at most one render at
 * a time (usePerFrame and the log model keep a pending flag), so the queue holds at most one
 * per following view.
 */
export const FOLLOW_RENDER_INTERVAL_MS = 100;

/** `lead` renders in the flush's frame; `trail` in the frame after, when a lead render ran. */
export type FrameLane = 'lead' | 'trail';

export interface FrameThrottleDeps {
  requestFrame(run: () => void): void;
  setTimer(run: () => void, ms: number): void;
  now(): number;
}

export function throttledFrames(minIntervalMs: number, deps: FrameThrottleDeps): (render: () => void, lane?: FrameLane) => void {
  let queued: { render: () => void; lane: FrameLane }[] = [];
  let lastFlushAt = Number.NEGATIVE_INFINITY;
  const flush = () => {
    lastFlushAt = deps.now();
    const due = queued;
    queued = [];
    const trailing = due.filter((q) => q.lane === 'trail');
    const leading = due.filter((q) => q.lane === 'lead');
    for (const { render } of leading) render();
    if (leading.length === 0) for (const { render } of trailing) render();
    else if (trailing.length > 0) deps.requestFrame(() => { for (const { render } of trailing) render(); });
  };
  return (render, lane = 'lead') => {
    queued.push({ render, lane });
    if (queued.length > 1) return;
    const wait = lastFlushAt + minIntervalMs - deps.now();
    if (wait <= 0) deps.requestFrame(flush);
    else deps.setTimer(() => deps.requestFrame(flush), wait);
  };
}
