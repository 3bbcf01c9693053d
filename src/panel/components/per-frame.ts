/**
 * Views that follow records as they stream in (counts, the detail pane, the replay bar)
 * re-rendered for every batch: at 1,000 records/s that was most of the panel's main thread.
 * `usePerFrame(signals)` re-renders a component when any of them changes, at most once per
 * scheduled render; the component reads those signals with `.peek()` (a `.value` read would
 * subscribe it to every change again). The event log schedules its re-renders for new
 * records here too, ahead of these views (a frame before them). The panel entry schedules on
 * throttled animation frames (frame-throttle.ts);
 * by default (tests) a change renders at once.
 */
import { effect, type ReadonlySignal } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { FrameLane } from './frame-throttle';

type Schedule = (render: () => void, lane?: FrameLane) => void;
let schedule: Schedule = (render) => render();

/** The panel entry passes throttled animation frames. */
export function renderFollowersPerFrame(next: Schedule): void {
  schedule = next;
}

/** Runs `render` when the follower schedule says (the event log's re-render for new records, first in its frame). */
export function scheduleFollowerRender(render: () => void): void {
  schedule(render, 'lead');
}

export function usePerFrame(...signals: ReadonlySignal<unknown>[]): void {
  const [, setTick] = useState(0);
  // What this render showed. The subscription below starts after the commit (after paint, for
  // useEffect); a batch that lands in between (the snapshot, right after the panel opens) would
  // otherwise never re-render the view: it showed its empty first values until the next change.
  const seen = useRef<unknown[]>([]);
  seen.current = signals.map((s) => s.peek());
  useEffect(() => {
    let pending = false;
    let subscribed = false;
    const dispose = effect(() => {
      const now = signals.map((s) => s.value);
      // The first run only subscribes, unless a value moved since the component rendered.
      if (!subscribed) {
        subscribed = true;
        if (now.every((value, i) => Object.is(value, seen.current[i]))) return;
      }
      if (pending) return;
      pending = true;
      schedule(() => { pending = false; setTick((n) => n + 1); }, 'trail');
    });
    return dispose;
  }, signals);
}
