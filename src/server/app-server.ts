import type { IncomingMessage } from 'node:http';
import type { ServerContext } from './context';
import { appConversation } from './conversation-info';
import { HttpError } from './http-util';

type AppResult = { status: number; body: unknown } | { status: number; html: string };

/** §3.2 app-server routes, always at the root (the agent server may sit under a prefix). */
export function appRoute(ctx: ServerContext, req: IncomingMessage, url: URL): AppResult | null {
  if (req.method !== 'GET') return null;
  if (url.pathname === '/api/v1/app-conversations/search') {
    const items = ctx.store.list().filter((c) => c.parentConversationId === null).map((c) => appConversation(ctx, c));
    return { status: 200, body: { items, next_page_id: null } };
  }
  if (url.pathname === '/api/v1/app-conversations') {
    const ids = url.searchParams.getAll('ids');
    if (ids.length > 99) throw new HttpError(422, 'Too many ids');
    return { status: 200, body: ids.map((id) => { const c = ctx.store.get(id); return c ? appConversation(ctx, c) : null; }) };
  }
  const page = /^\/conversations\/([^/]+)$/.exec(url.pathname);
  if (page) return { status: 200, html: appPage(page[1] ?? '') };
  return null;
}

/** A minimal OpenHands-like page: it asks the app server where the agent server is, like the real frontend. */
function appPage(conversationId: string): string {
  const id = JSON.stringify(conversationId).replace(/</g, '\\u003c');
  return `<!doctype html><html><head><meta charset="utf-8"><title>OpenHands (mock)</title></head>
<body><h1>OpenHands conversation</h1><div id="root" data-conversation-id=${JSON.stringify(conversationId.replace(/[^\w-]/g, ''))}>loading…</div>
<script>
const id = ${id};
fetch('/api/v1/app-conversations?ids=' + encodeURIComponent(id)).then(r => r.json()).then(([c]) => {
  document.getElementById('root').textContent = c ? (c.title + ' — ' + c.sandbox_status) : 'Conversation not found';
});
</script></body></html>`;
}
