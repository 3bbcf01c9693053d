import type { IncomingMessage, ServerResponse } from 'node:http';
import { appRoute } from './app-server';
import type { ServerContext } from './context';
import { conversationInfo } from './conversation-info';
import { applyCors, HttpError, sendJsonResponse } from './http-util';
import { agentFinalResponse, conversationsCollection } from './rest-conversations';
import { handleEventsRoute, type RestResult } from './rest-events';
import { stripPrefix } from './upgrade';
import { v0EventsPage } from './v0/v0-rest';

/** The HTTP side: app-server routes at the root, agent-server routes under the path prefix. */
export function createRequestHandler(ctx: ServerContext, admin: (req: IncomingMessage, path: string) => Promise<RestResult | null>) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    applyCors(req, res, ctx.corsOrigins);
    if (req.method === 'OPTIONS') { res.writeHead(204); res.end(); return; }
    route(ctx, req, admin).then(
      (result) => respond(res, result),
      (error: unknown) => respond(res, error instanceof HttpError
        ? { status: error.status, body: { detail: error.detail } }
        : { status: 500, body: { detail: String(error) } }),
    );
  };
}

function respond(res: ServerResponse, result: RestResult | { status: number; html: string }): void {
  if (res.headersSent) return;
  if ('html' in result) {
    res.writeHead(result.status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(result.html);
    return;
  }
  sendJsonResponse(res, result.status, result.body);
}

async function route(ctx: ServerContext, req: IncomingMessage, admin: (req: IncomingMessage, path: string) => Promise<RestResult | null>) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = stripPrefix(ctx.pathPrefix, url.pathname);
  // The admin API answers at the root and under the prefix, so either base URL works.
  const adminPath = [url.pathname, path].find((p) => p?.startsWith('/_admin/'));
  const adminResult = adminPath ? await admin(req, adminPath) : null;
  if (adminResult) return adminResult;
  const app = appRoute(ctx, req, url);
  if (app) return app;
  if (path === null) throw new HttpError(404, 'Not Found');
  const server = serverRoute(ctx, path);
  if (server) return server;
  if (!path.startsWith('/api/')) throw new HttpError(404, 'Not Found');
  checkKey(ctx, req);
  return agentApi(ctx, req, path, url.searchParams);
}

const startedAt = Date.now();
function serverRoute(ctx: ServerContext, path: string): RestResult | null {
  if (path === '/alive' || path === '/health') return { status: 200, body: { status: 'ok' } };
  if (path === '/ready') return { status: 200, body: { status: 'ready' } };
  if (path === '/server_info') {
    const uptime = (Date.now() - startedAt) / 1000;
    if (ctx.generation === 'v0') return { status: 200, body: appServerInfo(uptime) };
    return { status: 200, body: { version: ctx.version, sdk_version: ctx.version, tools_version: ctx.version,
      build_git_sha: 'mock', uptime, idle_time: uptime, usable_tools: ['terminal', 'file_editor', 'task_tracker', 'finish', 'think'] } };
  }
  return null;
}

/** The OpenHands app server's /server_info (app_server/status): system figures, no version to pick a protocol by. */
function appServerInfo(uptime: number): unknown {
  const { rss, heapTotal } = process.memoryUsage();
  return { uptime, idle_time: uptime, resources: {
    cpu_percent: 0, memory: { rss, vms: heapTotal, percent: 0 },
    disk: { total: 0, used: 0, free: 0, percent: 0 }, io: { read_bytes: 0, write_bytes: 0 },
  } };
}

function checkKey(ctx: ServerContext, req: IncomingMessage): void {
  if (ctx.sessionApiKeys.length === 0) return;
  const key = req.headers['x-session-api-key'];
  if (typeof key !== 'string' || !ctx.sessionApiKeys.includes(key)) throw new HttpError(401, 'Unauthorized');
}

async function agentApi(ctx: ServerContext, req: IncomingMessage, path: string, params: URLSearchParams): Promise<RestResult> {
  const method = req.method ?? 'GET';
  // A V0 app server has only the V0 event REST of §5.6.
  const v1Rest = ctx.features.v1;
  const collection = method === 'GET' && v1Rest ? conversationsCollection(ctx, path, params) : null;
  if (collection) return collection;
  const match = /^\/api\/conversations\/([^/]+)(\/.*)?$/.exec(path);
  if (!match) throw new HttpError(404, 'Not Found');
  const conversation = ctx.store.get(match[1] ?? '');
  const rest = match[2] ?? '';
  if (conversation?.generation === 'v0' && method === 'GET' && rest === '/events') return v0EventsPage(ctx.v0, conversation.id, params);
  if (conversation?.generation !== 'v1' || !v1Rest) throw new HttpError(404, `Conversation not found: ${match[1]}`);
  if (rest.startsWith('/events')) return handleEventsRoute(ctx, req, conversation, rest.slice('/events'.length), params);
  if (method === 'GET' && rest === '') return { status: 200, body: conversationInfo(conversation) };
  if (method === 'GET' && rest === '/agent_final_response') return agentFinalResponse(conversation);
  if (method === 'POST' && rest === '/run') {
    if (!ctx.agent.start(conversation.id)) throw new HttpError(409, 'Conversation already running');
    return { status: 200, body: { success: true } };
  }
  if (method === 'POST' && (rest === '/pause' || rest === '/interrupt')) {
    ctx.agent.stop(conversation.id, rest === '/pause' ? 'PauseEvent' : 'InterruptEvent');
    return { status: 200, body: { success: true } };
  }
  throw new HttpError(404, 'Not Found');
}
