import type { OutgoingFrame } from '../../../shared/port/messages';

/** What every SW command answers (port protocol §6). */
export type CommandResult = { ok: true; value?: unknown } | { ok: false; error: string };

export type ControlAction = 'run' | 'pause' | 'interrupt' | 'accept' | 'reject';

/** The conversation-changing calls the composer makes; the App binds them to SW commands. */
export interface ComposerActions {
  send(frame: OutgoingFrame): Promise<CommandResult>;
  /** POST /events with `run` (the route for when the socket is not open). */
  sendRest(message: unknown, run: boolean): Promise<CommandResult>;
  control(action: ControlAction, reason?: string): Promise<CommandResult>;
}
