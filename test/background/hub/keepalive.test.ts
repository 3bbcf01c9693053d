import { describe, expect, it } from 'vitest';
import { KeepAlive } from '../../../src/background/keepalive';
import { FakeClock } from '../../fakes/fake-clock';

describe('KeepAlive', () => {
  it('pings every interval while wanted and stops when nothing is wanted', () => {
    const clock = new FakeClock();
    let pings = 0;
    const keepAlive = new KeepAlive(clock, async () => { pings += 1; }, 20_000);
    keepAlive.update(true);
    keepAlive.update(true);
    clock.advance(60_000);
    expect(pings).toBe(3);
    keepAlive.update(false);
    clock.advance(60_000);
    expect(pings).toBe(3);
  });
});
