/**
 * Keyboard shortcuts for time travel, video-player style. Single keys without modifiers, and
 * never while typing in a field, so they do not fight the composer or the list's arrow keys.
 */
import type { ReplayController } from '../../replay/controller';

export const REPLAY_SHORTCUTS: readonly { key: string; label: string; run(replay: ReplayController): void }[] = [
  { key: 'k', label: 'play / pause', run: (r) => r.toggle() },
  { key: ',', label: 'step back', run: (r) => r.stepBack() },
  { key: '.', label: 'step forward', run: (r) => r.stepForward() },
  { key: '<', label: 'first record', run: (r) => r.toStart() },
  { key: '>', label: 'last record', run: (r) => r.toEnd() },
  { key: 'l', label: 'back to live', run: (r) => r.goLive() },
];

function isTyping(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const element = target as HTMLElement;
  return element.isContentEditable || element.closest('input, textarea, select, [contenteditable="true"]') !== null;
}

/** Runs the shortcut for a key event; true when it was one (the caller prevents the default). */
export function handleReplayKey(event: KeyboardEvent, replay: ReplayController): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return false;
  const shortcut = REPLAY_SHORTCUTS.find((s) => s.key === event.key);
  if (!shortcut) return false;
  shortcut.run(replay);
  return true;
}

export function shortcutHint(key: string): string {
  return `(${key === '<' ? 'Shift+,' : key === '>' ? 'Shift+.' : key})`;
}
