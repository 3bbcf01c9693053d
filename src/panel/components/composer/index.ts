export { Composer } from './Composer';
export type { ComposerProps } from './Composer';
export { ConversationControls } from './ConversationControls';
export type { ConversationControlsProps } from './ConversationControls';
export type { CommandResult, ControlAction, ComposerActions } from './types';
export { draftFromRecord } from '../../composer/prefill';
export { templateStorageIn } from '../../composer/templates';
export type { TemplateStorage, StorageAreaLike } from '../../composer/templates';
export type { ComposerDraft } from '../../composer/draft';
