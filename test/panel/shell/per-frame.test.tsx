// Views that follow the stream re-render at most once per scheduled frame, however many
// batches changed their signals in between, and show the latest values when they do.
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render } from '@testing-library/preact';
import { signal } from '@preact/signals';
import { options, render as renderInto } from 'preact';
import { renderFollowersPerFrame, usePerFrame } from '../../../src/panel/components/per-frame';

afterEach(() => { cleanup(); renderFollowersPerFrame((r) => r()); });

describe('usePerFrame', () => {
  it('renders once per frame with the newest value, not once per change', () => {
    const frames: (() => void)[] = [];
    renderFollowersPerFrame((r) => { frames.push(r); });
    const version = signal(0);
    let renders = 0;
    function Count() {
      usePerFrame(version);
      renders += 1;
      return <span data-testid="n">{version.peek()}</span>;
    }
    const { getByTestId } = render(<Count />);
    expect(renders).toBe(1);
    act(() => { for (let i = 1; i <= 50; i += 1) version.value = i; });
    expect(renders).toBe(1); // fifty batches, nothing rendered yet
    expect(frames).toHaveLength(1);
    act(() => frames.shift()!());
    expect(renders).toBe(2);
    expect(getByTestId('n').textContent).toBe('50');
    act(() => { version.value = 51; });
    act(() => frames.shift()!());
    expect(getByTestId('n').textContent).toBe('51');
  });

  it('shows a change made between its first render and its subscription', () => {
    // preact runs useEffect after paint (options.requestAnimationFrame); a port batch (the
    // snapshot, just after the panel opens) can land in that gap. Hold the flush to put it there.
    const afterPaint: (() => void)[] = [];
    const saved = { raf: options.requestAnimationFrame, debounce: options.debounceRendering };
    options.requestAnimationFrame = (flush) => { afterPaint.push(flush); };
    options.debounceRendering = (rerender) => rerender();
    const root = document.createElement('div');
    try {
      const version = signal(0);
      function Count() {
        usePerFrame(version);
        return <span>{version.peek()}</span>;
      }
      renderInto(<Count />, root);
      expect(root.textContent).toBe('0');
      version.value = 3; // after the commit, before the effect subscribed
      expect(afterPaint.length).toBeGreaterThan(0);
      for (const flush of afterPaint.splice(0)) flush();
      expect(root.textContent).toBe('3');
    } finally {
      renderInto(null, root);
      options.requestAnimationFrame = saved.raf;
      options.debounceRendering = saved.debounce;
    }
  });
});
