import type { Generation } from '../protocol/generation';
import type { LogRecord } from '../record';
import { redactRecord, redactText } from '../redact';
import { RECORDING_FORMAT, RECORDING_FORMAT_VERSION, type RecordingHeader } from './format';
import { socketUrl, type HarMessage } from './har-shape';
import { listedFactsOf } from './record-line';
import { WRITE_CHUNK_CHARS, type RecordSource, type WriteOptions } from './ndjson';

const UPGRADE_HEADERS = [{ name: 'Upgrade', value: 'websocket' }, { name: 'Connection', value: 'Upgrade' }];

function isoOf(ms: number): string {
  const date = new Date(Number.isFinite(ms) ? ms : 0);
  return Number.isNaN(date.getTime()) ? new Date(0).toISOString() : date.toISOString();
}

/** One `_webSocketMessages` item; V0 frames get their Socket.IO framing back. */
function messageOf(record: LogRecord, entryProtocol: Generation): HarMessage {
  const binary = record.rawEncoding === 'base64';
  let data = record.raw;
  // A cut raw is not JSON: framed, it would read back as a broken Socket.IO packet.
  if (record.protocol === 'v0-socketio' && !binary && record.validity !== 'not-json' && !record.rawTruncated) data = `42["${record.direction === 'out' ? 'oh_user_action' : 'oh_event'}",${record.raw}]`;
  return {
    type: record.direction === 'out' ? 'send' : 'receive',
    time: record.receivedAt / 1000,
    opcode: binary ? 2 : 1,
    data,
    _conversationDevtools: {
      seq: record.seq,
      ...(record.protocol !== entryProtocol ? { protocol: record.protocol } : {}),
      ...(record.outgoing ? { outgoing: record.outgoing } : {}),
      ...(record.streamItem ? { streamItem: record.streamItem } : {}),
      ...(record.rawTruncated ? { rawTruncated: true, listed: listedFactsOf(record) } : {}),
    },
  };
}

/**
 * HAR 1.2 with one WebSocket entry in Chrome's shape, streamed: the messages go out as they
 * come; meta records (connection facts, few) are held and written after them.
 */
export async function* writeHar(header: RecordingHeader, records: RecordSource, opts: WriteOptions = {}): AsyncGenerator<string> {
  const secrets = opts.secrets ?? [];
  const server = redactText(header.server, secrets).text;
  const safeHeader: RecordingHeader = { ...header, format: RECORDING_FORMAT, version: RECORDING_FORMAT_VERSION, server };
  const metas: unknown[] = [];
  let batch = '';
  let written = 0;
  let messages = 0;
  for await (const original of records) {
    const record = redactRecord(original, secrets).record;
    if (written === 0) batch += harPrefix(safeHeader, record.receivedAt);
    written += 1;
    opts.onRecord?.(written);
    if (record.direction === 'meta') {
      metas.push({ seq: record.seq, receivedAt: record.receivedAt, summary: record.summary, ...(record.meta ? { meta: record.meta } : {}) });
    } else {
      batch += `${messages > 0 ? ',\n' : ''}${JSON.stringify(messageOf(record, header.protocol))}`;
      messages += 1;
    }
    if (batch.length >= WRITE_CHUNK_CHARS) {
      yield batch;
      batch = '';
    }
  }
  if (written === 0) batch += harPrefix(safeHeader, Date.parse(header.createdAt));
  batch += `\n],\n"_conversationDevtoolsMeta": [${metas.map((m) => `\n${JSON.stringify(m)}`).join(',')}\n]\n}]}}\n`;
  yield batch;
}

function harPrefix(header: RecordingHeader, startMs: number): string {
  const url = socketUrl(header.server, header.protocol, header.conversationId);
  const log = { version: '1.2', creator: header.tool, _conversationDevtools: header, pages: [] };
  const entry = {
    startedDateTime: isoOf(startMs), time: 0,
    request: { method: 'GET', url, httpVersion: 'HTTP/1.1', headers: UPGRADE_HEADERS, queryString: [...new URL(url).searchParams].map(([name, value]) => ({ name, value })), cookies: [], headersSize: -1, bodySize: 0 },
    response: { status: 101, statusText: 'Switching Protocols', httpVersion: 'HTTP/1.1', headers: UPGRADE_HEADERS, cookies: [], content: { size: 0, mimeType: 'x-unknown' }, redirectURL: '', headersSize: -1, bodySize: 0 },
    cache: {}, timings: { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 0, receive: 0 },
    serverIPAddress: '', _resourceType: 'websocket',
  };
  const logJson = JSON.stringify(log);
  const entryJson = JSON.stringify(entry);
  return `{"log":${logJson.slice(0, -1)},"entries":[${entryJson.slice(0, -1)},\n"_webSocketMessages":[\n`;
}
