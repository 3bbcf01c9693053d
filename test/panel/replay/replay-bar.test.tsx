import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { signal } from '@preact/signals';
import { ReplayBar, ReplayController } from '../../../src/panel/components/replay';
import { FakeClock } from '../../fakes/fake-clock';
import { recordsAt } from './records';

afterEach(cleanup);

function setup(offsets = [0, 1_000, 2_000, 3_000, 4_000]) {
  const clock = new FakeClock();
  const source = { records: recordsAt(offsets, 1) };
  const replay = new ReplayController(source, clock);
  const version = signal(0);
  const view = render(<ReplayBar replay={replay} version={version} />);
  const bar = () => view.container.querySelector('.replay-bar') as HTMLElement;
  return { clock, source, replay, version, view, bar };
}

describe('ReplayBar', () => {
  it('plays at original timing and shows the position as it moves, stopping at the end', async () => {
    const { clock, bar } = setup();
    expect(bar().dataset.live).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Play' }));
    await waitFor(() => expect(bar().dataset.replaySeq).toBe('1'));
    expect(bar().dataset.playing).toBe('true');
    clock.advance(2_000);
    await waitFor(() => expect(bar().dataset.replaySeq).toBe('3'));
    expect(screen.getByText(/3 \/ 5 \+2\.000 s/)).toBeTruthy();
    clock.advance(10_000);
    await waitFor(() => expect(bar().dataset.playing).toBe('false'));
    expect(bar().dataset.replaySeq).toBe('5');
  });

  it('steps and seeks with the buttons, the scrubber and keyboard shortcuts, but not while typing', async () => {
    const { bar, view } = setup();
    fireEvent.keyDown(document, { key: ',' });
    await waitFor(() => expect(bar().dataset.replaySeq).toBe('4'));
    fireEvent.keyDown(document, { key: '<' });
    await waitFor(() => expect(bar().dataset.replayIndex).toBe('0'));
    fireEvent.keyDown(document, { key: '.' });
    await waitFor(() => expect(bar().dataset.replayIndex).toBe('1'));
    fireEvent.input(view.container.querySelector('input[name="replay-position"]') as HTMLInputElement, { target: { value: '3' } });
    await waitFor(() => expect(bar().dataset.replayIndex).toBe('3'));
    const field = document.createElement('input');
    document.body.append(field);
    fireEvent.keyDown(field, { key: ',' });
    fireEvent.keyDown(document, { key: ',', ctrlKey: true });
    expect(bar().dataset.replayIndex).toBe('3');
    field.remove();
    fireEvent.click(screen.getByRole('button', { name: 'Live' }));
    await waitFor(() => expect(bar().dataset.live).toBe('true'));
  });

  it('changes speed from the menu and follows new live records', async () => {
    const { clock, replay, source, version, bar, view } = setup();
    fireEvent.change(view.container.querySelector('select[name="replay-speed"]') as HTMLSelectElement, { target: { value: '200ms' } });
    expect(replay.speed.value).toEqual({ kind: 'fixed', stepMs: 200 });
    fireEvent.keyDown(document, { key: 'k' });
    clock.advance(400);
    await waitFor(() => expect(bar().dataset.replaySeq).toBe('3'));
    replay.goLive();
    source.records.push(...recordsAt([5_000], 6));
    version.value += 1;
    await waitFor(() => expect(bar().dataset.replaySeq).toBe('6'));
    expect(screen.getByText(/6 \/ 6/)).toBeTruthy();
  });
});
