import type { OutgoingFrame } from '../../../shared/port/messages';

/** What every SW command answers (port protocol §6). */
export type CommandResult = { ok: true; value?: unknown } | { ok: false; error: string };

/**
 * A REST send's answer. `unanswered`: the POST went out and no clear answer came (a timeout, a
 * network error), so the server may have stored it: the log's record waits for its echo.
 */
export type RestSendResult = { ok: true; unanswered?: string } | { ok: false; error: string };

export type ControlAction = 'run' | 'pause' | 'interrupt' | 'accept' | 'reject';

/** The conversation-changing calls the composer makes; the App binds them to SW commands. */
export interface ComposerActions {
  send(frame: OutgoingFrame): Promise<CommandResult>;
  /** POST /events with `run` (the route for when the socket is not open). */
  sendRest(message: unknown, run: boolean): Promise<RestSendResult>;
  control(action: ControlAction, reason?: string): Promise<CommandResult>;
}
