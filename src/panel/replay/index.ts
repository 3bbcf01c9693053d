export { ReplayController, indexAtOrBefore } from './controller';
export type { ReplayTimer, ReplayRecords, ReplayPosition } from './controller';
export { SPEED_PRESETS, DEFAULT_SPEED, presetIdOf } from './speed';
export type { ReplaySpeed, SpeedPreset } from './speed';
