import type { IncomingMessage, ServerResponse } from 'node:http';

export const MAX_BODY_BYTES = 1024 * 1024;

export function sendJsonResponse(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Reads a bounded JSON body; resolves undefined for empty, throws a status-carrying error otherwise. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Keep consuming past the limit (discarding) so the keep-alive connection stays usable.
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  if (size > MAX_BODY_BYTES) throw new HttpError(413, 'Request body too large');
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(422, 'Body is not valid JSON');
  }
}

export class HttpError extends Error {
  constructor(readonly status: number, readonly detail: string) {
    super(detail);
  }
}

/** CORS as the agent server: localhost / 127.0.0.1 (any port) plus configured origins. */
export function applyCors(req: IncomingMessage, res: ServerResponse, extraOrigins: readonly string[]): void {
  const origin = req.headers.origin;
  if (!origin) return;
  const local = /^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/.test(origin);
  if (!local && !extraOrigins.includes(origin)) return;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('access-control-allow-credentials', 'true');
  res.setHeader('access-control-allow-headers', 'content-type, x-session-api-key, authorization');
  res.setHeader('access-control-allow-methods', 'GET, POST, PATCH, DELETE, OPTIONS');
  res.setHeader('vary', 'origin');
}
