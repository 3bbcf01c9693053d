import type { Generation } from '../../shared/protocol/generation';
import { atLeast, FIRST_MESSAGE_AUTH_SINCE, parseVersion, RESEND_MODE_SINCE, SESSION_SOCKET_SINCE } from '../../shared/protocol/server-versions';

export interface ServerFeatures {
  generation: Generation;
  resendMode: boolean;
  firstMessageAuth: boolean;
  reason: string;
}

/** Picks the newest generation and features a server offers from its version string. */
export function featuresFromVersion(version: string): ServerFeatures | undefined {
  const v = parseVersion(version);
  if (!v) return undefined;
  return {
    generation: atLeast(v, SESSION_SOCKET_SINCE) ? 'v1-session' : 'v1-events',
    resendMode: atLeast(v, RESEND_MODE_SINCE),
    firstMessageAuth: atLeast(v, FIRST_MESSAGE_AUTH_SINCE),
    reason: `server version ${version}`,
  };
}

/**
 * Both reject when the server could not be asked (network error, timeout, 5xx): `auto` then
 * fails this attempt and asks again at the next, rather than guess from silence. It used to
 * guess V0 and keep that for the connection's life, so a V1 server still starting when it was
 * attached got Socket.IO handshakes (with the key in their query) for ever.
 */
export interface AutoProbe {
  /** The server's version; undefined when it answered without a usable one (404, not JSON…). */
  serverInfoVersion(): Promise<string | undefined>;
  /** Whether the V1 REST answers for this conversation (a V1 server without /server_info). */
  v1RestAnswers(): Promise<boolean>;
}

/** `auto`: /server_info version, else probe the V1 REST, else assume V0 socket.io. */
export async function resolveAuto(probe: AutoProbe): Promise<ServerFeatures> {
  const version = await probe.serverInfoVersion();
  const byVersion = version ? featuresFromVersion(version) : undefined;
  if (byVersion) return byVersion;
  if (await probe.v1RestAnswers()) {
    return { generation: 'v1-events', resendMode: true, firstMessageAuth: true, reason: 'no usable /server_info; V1 REST answers' };
  }
  return { generation: 'v0-socketio', resendMode: false, firstMessageAuth: false, reason: 'no /server_info and no V1 REST: V0 socket.io' };
}
