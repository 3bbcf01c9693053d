import { describe, expect, it } from 'vitest';
import { signal } from '@preact/signals';
import { ReplayController } from '../../../src/panel/replay';
import { FakeClock } from '../../fakes/fake-clock';
import { recordsAt } from './records';

function setup(offsets: number[]) {
  const clock = new FakeClock();
  const source = { records: recordsAt(offsets, 10) };
  const position = signal<number | null>(null);
  const replay = new ReplayController(source, clock, position);
  const seen: { at: number; seq: number | null }[] = [];
  position.subscribe((seq) => seen.push({ at: clock.now(), seq }));
  seen.length = 0;
  return { clock, source, replay, seen };
}

describe('ReplayController', () => {
  it('at original timing schedules each record at its recorded offset from the first', () => {
    const offsets = [1_000, 1_000, 1_250, 4_000, 4_001, 9_500];
    const { clock, replay, seen } = setup(offsets);
    replay.play();
    clock.advance(60_000);
    expect(seen).toEqual([
      { at: 0, seq: 10 },
      ...offsets.slice(1).map((at, i) => ({ at: at - 1_000, seq: 11 + i })),
    ]);
    expect(replay.playing.value).toBe(false); // stopped by itself at the end
    expect(clock.pending()).toBe(0);
  });

  it('a multiplier divides the recorded offsets; fixed speeds step at a constant interval', () => {
    const { clock, replay, seen } = setup([0, 1_000, 3_000, 3_000]);
    replay.setSpeed({ kind: 'original', factor: 10 });
    replay.play();
    clock.advance(10_000);
    expect(seen.map((s) => s.at)).toEqual([0, 100, 300, 300]);

    seen.length = 0;
    replay.setSpeed({ kind: 'fixed', stepMs: 200 });
    replay.play(); // from the end it starts over
    const start = clock.now();
    clock.advance(10_000);
    expect(seen.map((s) => s.at - start)).toEqual([0, 200, 400, 600]);
  });

  it('pause stops the clock; play resumes from the position, re-anchored so nothing bunches up', () => {
    const { clock, replay, seen } = setup([0, 1_000, 2_000, 3_000]);
    replay.play();
    clock.advance(1_500);
    replay.pause();
    expect(replay.position.value).toBe(11);
    clock.advance(10_000);
    expect(replay.position.value).toBe(11);
    seen.length = 0;
    replay.play();
    const resumed = clock.now();
    clock.advance(5_000);
    expect(seen.map((s) => ({ ...s, at: s.at - resumed }))).toEqual([{ at: 1_000, seq: 12 }, { at: 2_000, seq: 13 }]);
  });

  it('steps, seeks and clamps; live follows the end and stepping back leaves it', () => {
    const { source, replay } = setup([0, 1, 2, 3]);
    expect(replay.isLive).toBe(true);
    expect(replay.index).toBe(3);
    replay.stepForward(); // already at the live end
    expect(replay.isLive).toBe(true);
    replay.stepBack();
    expect(replay.position.value).toBe(12);
    replay.toStart();
    replay.stepBack();
    expect(replay.index).toBe(0);
    replay.seek(99);
    expect(replay.position.value).toBe(13);
    replay.goLive();
    source.records.push(...recordsAt([4], 14));
    expect(replay.index).toBe(4);
  });

  it('a position whose record was dropped resolves to the nearest earlier record, or the first one', () => {
    const { source, replay } = setup([0, 1, 2, 3]);
    replay.seek(1);
    source.records.splice(0, 2); // the store dropped the oldest (cap)
    expect(replay.index).toBe(0);
    expect(new ReplayController({ records: [] }, new FakeClock()).index).toBe(-1);
  });

  it('a seek while playing re-anchors original timing at the new position', () => {
    const { clock, replay, seen } = setup([0, 10_000, 10_500, 11_000]);
    replay.play();
    clock.advance(100);
    replay.seek(1);
    seen.length = 0;
    clock.advance(600);
    expect(seen.map((s) => s.seq)).toEqual([12]);
    expect(seen[0]?.at).toBe(600);
  });
});
