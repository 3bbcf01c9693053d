// Follower renders: in an animation frame, at most once per interval, all queued renders in
// one frame, and no timer for the first render after a quiet interval.
import { describe, expect, it } from 'vitest';
import { throttledFrames } from '../../../src/panel/components/frame-throttle';

function harness(intervalMs: number) {
  let now = 1_000;
  const frames: (() => void)[] = [];
  const timers: { at: number; run: () => void }[] = [];
  const schedule = throttledFrames(intervalMs, {
    requestFrame: (run) => { frames.push(run); },
    setTimer: (run, ms) => { timers.push({ at: now + ms, run }); },
    now: () => now,
  });
  const frame = () => { for (const run of frames.splice(0)) run(); };
  /** Moves the clock, firing timers that come due (each asks for a frame). */
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers.filter((x) => x.at <= now)) { timers.splice(timers.indexOf(t), 1); t.run(); }
  };
  return { schedule, frame, advance, frames, timers };
}

describe('throttledFrames', () => {
  it('renders the first change after a quiet interval in the next frame, with no timer', () => {
    const h = harness(100);
    const ran: string[] = [];
    h.schedule(() => ran.push('a'));
    expect(h.timers).toHaveLength(0);
    expect(h.frames).toHaveLength(1);
    h.frame();
    expect(ran).toEqual(['a']);
  });

  it('runs everything queued before a flush in one frame, once each', () => {
    const h = harness(100);
    const ran: string[] = [];
    h.schedule(() => ran.push('log'));
    h.schedule(() => ran.push('counts'));
    h.schedule(() => ran.push('detail'));
    expect(h.frames).toHaveLength(1);
    h.frame();
    expect(ran).toEqual(['log', 'counts', 'detail']);
    h.frame();
    expect(ran).toHaveLength(3);
  });

  it('holds a change that comes within the interval until the interval is over, then renders in a frame', () => {
    const h = harness(100);
    const ran: number[] = [];
    h.schedule(() => ran.push(1));
    h.frame();
    h.advance(30);
    h.schedule(() => ran.push(2));
    h.schedule(() => ran.push(3));
    expect(h.frames).toHaveLength(0);
    h.advance(69);
    expect(h.frames).toHaveLength(0);
    h.advance(1);
    expect(h.frames).toHaveLength(1);
    h.frame();
    expect(ran).toEqual([1, 2, 3]);
  });

  it('a render that schedules again from inside a flush goes to the next interval', () => {
    const h = harness(100);
    const ran: string[] = [];
    h.schedule(() => { ran.push('first'); h.schedule(() => ran.push('again')); });
    h.frame();
    expect(ran).toEqual(['first']);
    expect(h.frames).toHaveLength(0);
    h.advance(100);
    h.frame();
    expect(ran).toEqual(['first', 'again']);
  });

  it('renders the trailing views in the frame after the leading ones, and at once when nothing leads', () => {
    const h = harness(100);
    const ran: string[] = [];
    h.schedule(() => ran.push('counts'), 'trail');
    h.schedule(() => ran.push('log'), 'lead');
    h.frame();
    expect(ran).toEqual(['log']);
    expect(h.frames).toHaveLength(1);
    h.frame();
    expect(ran).toEqual(['log', 'counts']);
    h.advance(100);
    h.schedule(() => ran.push('counts again'), 'trail');
    h.frame();
    expect(ran).toEqual(['log', 'counts', 'counts again']);
    expect(h.frames).toHaveLength(0);
  });
});
