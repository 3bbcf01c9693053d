/**
 * HARs as Chrome DevTools saves them (devtools-frontend HARWriter/Log: `_resourceType`,
 * `_initiator`, `_priority`, `_webSocketMessages` with epoch-second `time`, opcode 1 text / 2
 * base64), for import tests. Field set follows Chrome's export; values are made up.
 */
type Message = [type: 'send' | 'receive', afterSeconds: number, opcode: 1 | 2, data: string];

export function chromeSocketEntry(url: string, startSeconds: number, messages: Message[]): Record<string, unknown> {
  const headers = [{ name: 'Connection', value: 'Upgrade' }, { name: 'Upgrade', value: 'websocket' }, { name: 'Sec-WebSocket-Version', value: '13' }];
  return {
    _fromCache: undefined, _initiator: { type: 'script', stack: { callFrames: [] } }, _priority: null, _resourceType: 'websocket',
    cache: {}, connection: '412', pageref: 'page_1',
    request: { method: 'GET', url, httpVersion: 'HTTP/1.1', headers, queryString: [...new URL(url).searchParams].map(([name, value]) => ({ name, value })), cookies: [], headersSize: -1, bodySize: 0 },
    response: { status: 101, statusText: 'Switching Protocols', httpVersion: 'HTTP/1.1', headers, cookies: [], content: { size: 0, mimeType: 'x-unknown' }, redirectURL: '', headersSize: -1, bodySize: 0, _transferSize: 0, _error: null },
    serverIPAddress: '127.0.0.1', startedDateTime: new Date(startSeconds * 1000).toISOString(), time: 1.2,
    timings: { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 0, receive: 0, _blocked_queueing: -1 },
    _webSocketMessages: messages.map(([type, after, opcode, data]) => ({ type, time: startSeconds + after, opcode, data })),
  };
}

export function chromeHar(socketEntries: Array<Record<string, unknown>>): Record<string, unknown> {
  const xhr = {
    _initiator: { type: 'script' }, _priority: 'High', _resourceType: 'fetch', cache: {}, connection: '400', pageref: 'page_1',
    request: { method: 'GET', url: 'http://localhost:8000/api/conversations/search', httpVersion: 'HTTP/1.1', headers: [{ name: 'X-Session-API-Key', value: 'sk-from-chrome-1' }], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
    response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [], cookies: [], content: { size: 2, mimeType: 'application/json', text: '{}' }, redirectURL: '', headersSize: -1, bodySize: -1, _transferSize: 120, _error: null },
    serverIPAddress: '127.0.0.1', startedDateTime: '2026-11-25T14:00:00.000Z', time: 3.1, timings: { blocked: 0.5, dns: -1, ssl: -1, connect: -1, send: 0.1, wait: 2, receive: 0.5 },
  };
  return {
    log: {
      version: '1.2', creator: { name: 'WebInspector', version: '537.36' },
      pages: [{ startedDateTime: '2026-11-25T14:00:00.000Z', id: 'page_1', title: 'http://localhost:3000/conversations/x', pageTimings: { onContentLoad: 120, onLoad: 300 } }],
      entries: [xhr, ...socketEntries],
    },
  };
}
