import { atLeast, FIRST_MESSAGE_AUTH_SINCE, parseVersion, RESEND_MODE_SINCE, SESSION_SOCKET_SINCE } from '../shared/protocol/server-versions';
import type { ServerGeneration } from './options';

/** What the server offers on the wire, as the release it plays had it (protocol §0.2). */
export interface WireFeatures {
  /** The V1 agent server's sockets and REST (a V0 app server has neither). */
  v1: boolean;
  /** `/sockets/session/{id}`; without it the handshake fails like any unknown route. */
  sessionSocket: boolean;
  /** The key in a first auth frame; without it a keyless handshake to a keyed server is refused before accept, and an auth frame is just a bad message. */
  firstMessageAuth: boolean;
  /** `resend_mode`/`after_timestamp`; without them both are unknown query parameters, ignored (`resend_all` only). */
  resendMode: boolean;
}

/** From the options: a version that does not parse plays the newest release. */
export function wireFeatures(generation: ServerGeneration, version: string): WireFeatures {
  const v = parseVersion(version);
  const since = (floor: readonly number[]): boolean => v === undefined || atLeast(v, floor);
  return {
    v1: generation !== 'v0',
    sessionSocket: generation !== 'v0' && since(SESSION_SOCKET_SINCE),
    firstMessageAuth: since(FIRST_MESSAGE_AUTH_SINCE),
    resendMode: since(RESEND_MODE_SINCE),
  };
}
