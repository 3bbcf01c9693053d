export { ReplayBar } from './ReplayBar';
export type { ReplayBarProps } from './ReplayBar';
export { REPLAY_SHORTCUTS, handleReplayKey } from './shortcuts';
export { ReplayController, SPEED_PRESETS } from '../../replay';
export type { ReplayTimer, ReplaySpeed } from '../../replay';
export { ConversationReplayBar } from './ConversationReplayBar';
export type { ConversationReplayBarProps } from './ConversationReplayBar';
