/**
 * Stick-to-bottom as an explicit state machine: the list follows new rows while the person is
 * at the bottom, lets go the moment they scroll up, and counts what arrived meanwhile for the
 * "↓ N new" button.
 */

export type FollowState =
  | { mode: 'following' }
  | { mode: 'detached'; unseen: number };

export type FollowEvent =
  /** The viewport scrolled (by the person or by us); `atBottom` from `isAtBottom`. */
  | { type: 'scrolled'; atBottom: boolean }
  /** New rows passed the filter. */
  | { type: 'rowsAppended'; count: number }
  /** The "↓ N new" button or End. */
  | { type: 'jumpToBottom' };

export const FOLLOWING: FollowState = Object.freeze({ mode: 'following' });

export function nextFollowState(state: FollowState, event: FollowEvent): FollowState {
  switch (event.type) {
    case 'scrolled':
      if (event.atBottom) return state.mode === 'following' ? state : FOLLOWING;
      return state.mode === 'detached' ? state : { mode: 'detached', unseen: 0 };
    case 'rowsAppended':
      if (state.mode === 'following' || event.count <= 0) return state;
      return { mode: 'detached', unseen: state.unseen + event.count };
    case 'jumpToBottom':
      return FOLLOWING;
  }
}

/** Pixels from the end that still count as "at the bottom" (sub-pixel rounding, zoom). */
export const BOTTOM_SLACK_PX = 4;

/**
 * Whether a scroll position is at the bottom. A scroll event can arrive after more rows were
 * appended than when we scrolled; a position at or below our own last automatic scroll is
 * therefore still "at the bottom" (the person never scrolls down past the end).
 */
export function isAtBottom(p: { scrollTop: number; viewportHeight: number; contentHeight: number; lastAutoScrollTop: number | null }): boolean {
  if (p.lastAutoScrollTop !== null && p.scrollTop >= p.lastAutoScrollTop - 1) return true;
  return p.scrollTop + p.viewportHeight >= p.contentHeight - BOTTOM_SLACK_PX;
}
