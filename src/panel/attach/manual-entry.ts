/** Manual attach form validation: one message per field, empty when the field is fine. */
import { ConnectionTargetSchema, normalizeServerUrl } from '../../shared/connection';
import type { ConnectionTarget } from '../../shared/connection';
import type { ProtocolChoice } from '../../shared/protocol/generation';

export interface ManualEntry {
  serverUrl: string;
  conversationId: string;
  sessionApiKey: string;
  protocol: ProtocolChoice;
}

export type ManualEntryErrors = Partial<Record<'serverUrl' | 'conversationId', string>>;

const ID_PATTERN = /^[A-Za-z0-9_-]{1,200}$/;

export function validateManualEntry(entry: ManualEntry): { target?: ConnectionTarget; errors: ManualEntryErrors } {
  const errors: ManualEntryErrors = {};
  const serverUrl = normalizeServerUrl(entry.serverUrl);
  let url: URL | undefined;
  try { url = new URL(serverUrl); } catch { url = undefined; }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    errors.serverUrl = 'Enter an http:// or https:// server URL.';
  } else if (url.username || url.password) {
    errors.serverUrl = 'Put the session key in its own field, not in the URL.';
  }
  const conversationId = entry.conversationId.trim();
  if (!ID_PATTERN.test(conversationId)) errors.conversationId = 'Enter the conversation id (letters, digits, - and _).';
  if (Object.keys(errors).length > 0) return { errors };
  const parsed = ConnectionTargetSchema.safeParse({ serverUrl, conversationId, protocol: entry.protocol });
  return parsed.success ? { target: parsed.data, errors } : { errors: { serverUrl: 'Invalid target.' } };
}
