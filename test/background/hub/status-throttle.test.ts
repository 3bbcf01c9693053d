import { describe, expect, it } from 'vitest';
import { StatusThrottle } from '../../../src/background/status-throttle';
import { FakeClock } from '../../fakes/fake-clock';

describe('StatusThrottle', () => {
  it('folds count changes into one publish per interval; state changes go out at once', () => {
    const clock = new FakeClock();
    const emitted: string[] = [];
    const throttle = new StatusThrottle(clock, (key) => emitted.push(key), 250);
    for (let i = 0; i < 100; i += 1) throttle.soon('a');
    expect(emitted).toEqual([]);
    clock.advance(250);
    expect(emitted).toEqual(['a']);
    throttle.soon('a');
    throttle.now('a');
    expect(emitted).toEqual(['a', 'a']);
    clock.advance(1000);
    expect(emitted).toEqual(['a', 'a']);
  });
});
