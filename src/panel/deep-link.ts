/**
 * Deep link (architecture §8): `panel.html?server=URL&conversation=ID&protocol=…` attaches
 * directly; with `prefill=1` (what "Open as tab" opens, src/shared/panel-link.ts) it fills the
 * Attach form and waits for the person's click instead. The key never travels in a URL: a
 * `key`/`session_api_key` parameter is refused.
 */
import { ConnectionTargetSchema, type ConnectionTarget } from '../shared/connection';

export type DeepLink = { ok: true; target: ConnectionTarget; prefill?: true } | { ok: false; error: string } | undefined;

const KEY_PARAMS = ['key', 'session_api_key', 'sessionApiKey', 'api_key'];

/** Parses `location.search`; undefined when the page was opened without a deep link. */
export function parseDeepLink(search: string): DeepLink {
  const params = new URLSearchParams(search);
  const server = params.get('server');
  const conversation = params.get('conversation');
  if (server === null && conversation === null) return undefined;
  if (KEY_PARAMS.some((p) => params.has(p))) {
    return { ok: false, error: 'Deep links never carry a session key; enter it in the Attach dialog instead.' };
  }
  const parsed = ConnectionTargetSchema.safeParse({
    // The schema reads the server as the manual form does (parseServerUrl): a key hidden in
    // `server`'s own query is refused there, and the id must be a plain path segment.
    serverUrl: server ?? '',
    conversationId: conversation ?? '',
    protocol: params.get('protocol') ?? 'auto',
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `Bad deep link (${issue?.path.join('.') || 'query'}): ${issue?.message ?? 'invalid'}` };
  }
  return params.get('prefill') === '1' ? { ok: true, target: parsed.data, prefill: true } : { ok: true, target: parsed.data };
}
