import type { ReadonlySignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { LogRecord } from '../../../shared/record';
import type { ReplayController } from '../../replay/controller';
import { presetIdOf, SPEED_PRESETS } from '../../replay/speed';
import { usePerFrame } from '../per-frame';
import { handleReplayKey, REPLAY_SHORTCUTS, shortcutHint } from './shortcuts';

export interface ReplayBarProps {
  replay: ReplayController;
  /** The record source's version: the bar re-renders as records arrive. */
  version: ReadonlySignal<number>;
  /** Where the keyboard shortcuts listen (the panel document by default). */
  keyTarget?: Pick<Document, 'addEventListener' | 'removeEventListener'>;
}

function offsetText(records: readonly LogRecord[], index: number): string {
  const first = records[0];
  const here = records[index];
  if (!first || !here) return '';
  return `+${((here.receivedAt - first.receivedAt) / 1000).toFixed(3)} s`;
}

/** Scrubber, play/pause/step buttons, speed and shortcuts for time travel over one conversation. */
export function ReplayBar({ replay, version, keyTarget }: ReplayBarProps) {
  useEffect(() => {
    const target = keyTarget ?? document;
    const onKey = (event: Event) => { if (handleReplayKey(event as KeyboardEvent, replay)) event.preventDefault(); };
    target.addEventListener('keydown', onKey);
    return () => target.removeEventListener('keydown', onKey);
  }, [replay, keyTarget]);
  useEffect(() => () => replay.pause(), [replay]);

  usePerFrame(version); // new records move the end of the bar
  const records = replay.records;
  const count = records.length;
  const index = replay.index;
  const live = replay.isLive;
  const playing = replay.playing.value;
  const speedId = presetIdOf(replay.speed.value) ?? 'original';
  const hint = (key: string) => shortcutHint(key);

  return (
    <div class="replay-bar" role="toolbar" aria-label="Time travel" data-replay-index={index} data-replay-seq={records[index]?.seq ?? ''}
      data-live={live ? 'true' : 'false'} data-playing={playing ? 'true' : 'false'}>
      <button type="button" name="replay-start" title={`First record ${hint('<')}`} disabled={count === 0} onClick={() => replay.toStart()}>|◀</button>
      <button type="button" name="replay-back" title={`Step back ${hint(',')}`} disabled={count === 0} onClick={() => replay.stepBack()}>◀</button>
      <button type="button" name="replay-play" title={`${playing ? 'Pause' : 'Play'} ${hint('k')}`} disabled={count === 0} onClick={() => replay.toggle()}>
        {playing ? 'Pause' : 'Play'}
      </button>
      <button type="button" name="replay-forward" title={`Step forward ${hint('.')}`} disabled={count === 0 || live} onClick={() => replay.stepForward()}>▶</button>
      <button type="button" name="replay-end" title={`Last record ${hint('>')}`} disabled={count === 0} onClick={() => replay.toEnd()}>▶|</button>
      <input type="range" name="replay-position" aria-label="Replay position" min={0} max={Math.max(0, count - 1)} value={Math.max(0, index)} disabled={count === 0}
        onInput={(e) => replay.seek(Number((e.currentTarget as HTMLInputElement).value))} />
      <span class="replay-where" aria-live="polite">
        {count === 0 ? 'no records' : `${index + 1} / ${count}`} {offsetText(records, index)} {live ? '· live' : ''}
      </span>
      <select name="replay-speed" aria-label="Replay speed" value={speedId} onChange={(e) => {
        const preset = SPEED_PRESETS.find((p) => p.id === (e.currentTarget as HTMLSelectElement).value);
        if (preset) replay.setSpeed(preset.speed);
      }}>
        {SPEED_PRESETS.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
      </select>
      <button type="button" name="replay-live" aria-pressed={live} title={`Follow the live end ${hint('l')}`} onClick={() => replay.goLive()}>Live</button>
      <span class="replay-keys" title={REPLAY_SHORTCUTS.map((s) => `${shortcutHint(s.key)} ${s.label}`).join('\n')}>⌨</span>
    </div>
  );
}
