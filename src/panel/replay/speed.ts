/** Playback speeds: the recorded timing (scaled by a multiplier) or a fixed time per record. */
export type ReplaySpeed = { kind: 'original'; factor: number } | { kind: 'fixed'; stepMs: number };

export interface SpeedPreset {
  id: string;
  label: string;
  speed: ReplaySpeed;
}

export const SPEED_PRESETS: readonly SpeedPreset[] = [
  { id: 'original', label: 'Original timing', speed: { kind: 'original', factor: 1 } },
  { id: 'x2', label: 'Original ×2', speed: { kind: 'original', factor: 2 } },
  { id: 'x10', label: 'Original ×10', speed: { kind: 'original', factor: 10 } },
  { id: 'x100', label: 'Original ×100', speed: { kind: 'original', factor: 100 } },
  { id: '500ms', label: '500 ms per record', speed: { kind: 'fixed', stepMs: 500 } },
  { id: '200ms', label: '200 ms per record', speed: { kind: 'fixed', stepMs: 200 } },
];

export const DEFAULT_SPEED: ReplaySpeed = { kind: 'original', factor: 1 };

export function presetIdOf(speed: ReplaySpeed): string | undefined {
  return SPEED_PRESETS.find((p) => p.speed.kind === speed.kind
    && (p.speed.kind === 'original' ? speed.kind === 'original' && p.speed.factor === speed.factor : speed.kind === 'fixed' && p.speed.stepMs === speed.stepMs))?.id;
}
