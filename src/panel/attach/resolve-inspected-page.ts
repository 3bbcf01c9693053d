/**
 * Resolves the inspected OpenHands app page to an agent-server target via the app
 * server's `/api/v1/app-conversations?ids=` endpoint (fetch injected: no browser needed).
 */
import { normalizeServerUrl } from '../../shared/connection';

export type SandboxStatus = 'RUNNING' | 'PAUSED' | 'MISSING' | 'ERROR' | 'STARTING' | string;

export type ResolveResult =
  | { ok: true; serverUrl: string; conversationId: string; sessionApiKey?: string; sandboxStatus: SandboxStatus }
  | { ok: false; reason: string };

export type FetchLike = (url: string, init?: { headers?: Record<string, string> }) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}>;

const CONVERSATION_PATH = /^(.*?)\/conversations\/([A-Za-z0-9_-]+)\/?$/;

const SANDBOX_EXPLANATIONS: Record<string, string> = {
  PAUSED: 'The sandbox is paused; resume it in OpenHands, then attach again.',
  MISSING: 'The sandbox no longer exists; start the conversation again in OpenHands.',
  ERROR: 'The sandbox is in an error state; check it in OpenHands.',
  STARTING: 'The sandbox is starting; wait until it runs, then attach again.',
};

/** Detects `…/conversations/{id}` on an app page: returns the app base and the id. */
export function parseConversationPage(pageUrl: string): { appBase: string; conversationId: string } | undefined {
  let url: URL;
  try { url = new URL(pageUrl); } catch { return undefined; }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const match = CONVERSATION_PATH.exec(url.pathname);
  if (!match || !match[2]) return undefined;
  return { appBase: url.origin + (match[1] ?? ''), conversationId: match[2] };
}

function firstItem(body: unknown): Record<string, unknown> | undefined {
  const list = Array.isArray(body) ? body : (body as { items?: unknown } | null)?.items;
  const item: unknown = Array.isArray(list) ? list[0] : undefined;
  return typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : undefined;
}

/** Resolves a page URL to {serverUrl, conversationId, sessionApiKey, sandboxStatus} or a plain reason. */
export async function resolveInspectedPage(pageUrl: string, fetchFn: FetchLike): Promise<ResolveResult> {
  const page = parseConversationPage(pageUrl);
  if (!page) return { ok: false, reason: 'This page is not an OpenHands conversation page.' };
  const endpoint = `${page.appBase}/api/v1/app-conversations?ids=${encodeURIComponent(page.conversationId)}`;
  let body: unknown;
  try {
    const response = await fetchFn(endpoint);
    if (!response.ok) return { ok: false, reason: `The app server answered HTTP ${response.status}.` };
    body = await response.json();
  } catch (error) {
    return { ok: false, reason: `Could not reach the app server: ${(error as Error).message}` };
  }
  const item = firstItem(body);
  if (!item) return { ok: false, reason: 'The app server does not know this conversation.' };
  const sandboxStatus = typeof item.sandbox_status === 'string' ? item.sandbox_status : 'MISSING';
  const explanation = SANDBOX_EXPLANATIONS[sandboxStatus];
  if (explanation) return { ok: false, reason: explanation };
  const conversationUrl = typeof item.conversation_url === 'string' ? item.conversation_url : undefined;
  if (!conversationUrl) return { ok: false, reason: 'The conversation has no agent-server URL yet.' };
  const key = typeof item.session_api_key === 'string' ? item.session_api_key : undefined;
  return {
    ok: true,
    serverUrl: normalizeServerUrl(conversationUrl),
    conversationId: typeof item.id === 'string' ? item.id : page.conversationId,
    ...(key ? { sessionApiKey: key } : {}),
    sandboxStatus,
  };
}
