/** Manual attach form validation: one message per field, empty when the field is fine. */
import { CONVERSATION_ID_PATTERN, ConnectionTargetSchema, parseServerUrl } from '../../shared/connection';
import type { ConnectionTarget } from '../../shared/connection';
import type { ProtocolChoice } from '../../shared/protocol/generation';

export interface ManualEntry {
  serverUrl: string;
  conversationId: string;
  sessionApiKey: string;
  protocol: ProtocolChoice;
}

export type ManualEntryErrors = Partial<Record<'serverUrl' | 'conversationId', string>>;

export function validateManualEntry(entry: ManualEntry): { target?: ConnectionTarget; errors: ManualEntryErrors } {
  const errors: ManualEntryErrors = {};
  const server = parseServerUrl(entry.serverUrl);
  if (!server.ok) errors.serverUrl = server.error;
  const conversationId = entry.conversationId.trim();
  if (!CONVERSATION_ID_PATTERN.test(conversationId)) errors.conversationId = 'Enter the conversation id (letters, digits, - and _).';
  if (!server.ok || Object.keys(errors).length > 0) return { errors };
  const parsed = ConnectionTargetSchema.safeParse({ serverUrl: server.serverUrl, conversationId, protocol: entry.protocol });
  return parsed.success ? { target: parsed.data, errors } : { errors: { serverUrl: 'Invalid target.' } };
}
