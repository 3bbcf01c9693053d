import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { MockServer } from '../../src/server/index';
import { writeNdjson, writeHar, type ReadResult, type RecordingHeader } from '../../src/shared/recording/index';
import type { Generation } from '../../src/shared/protocol/generation';
import type { LogRecord } from '../../src/shared/record';
import { collect, CONVERSATION, RecordBuilder, SERVER } from '../shared/recording/make-records';
import { waitFor, wsUrl } from './ws-client';

/** Offsets between recorded frames, so timing assertions have round numbers. */
export const STEP_MS = 100;

export interface TextSocket {
  socket: WebSocket;
  texts: string[];
  opened: Promise<void>;
}

export function openTextSocket(url: string): TextSocket {
  const socket = new WebSocket(url, { maxPayload: 64 * 1024 * 1024 });
  const texts: string[] = [];
  socket.on('message', (data: Buffer) => texts.push(data.toString('utf8')));
  const opened = new Promise<void>((resolve, reject) => { socket.on('open', () => resolve()); socket.on('error', reject); });
  return { socket, texts, opened };
}

export const parsed = (texts: string[]): Array<Record<string, unknown>> => texts.map((t) => JSON.parse(t) as Record<string, unknown>);
const isFullState = (e: Record<string, unknown> | undefined): boolean => e?.['kind'] === 'ConversationStateUpdateEvent' && e['key'] === 'full_state';

/**
 * Records a real conversation from the mock server over one socket of `protocol`: the history,
 * a user message, and the demo agent's whole answer (two full_state snapshots: connect and end of run).
 */
export async function captureFromMock(server: MockServer, protocol: Exclude<Generation, 'v0-socketio'>): Promise<LogRecord[]> {
  const id = server.conversations.demo;
  const path = protocol === 'v1-events' ? `/sockets/events/${id}?resend_mode=all` : `/sockets/session/${id}?after_seq=-1`;
  const client = openTextSocket(`${wsUrl(server.url)}${path}`);
  await client.opened;
  const events = (): Array<Record<string, unknown>> => parsed(client.texts).map((f) => (protocol === 'v1-events' ? f : (f['event'] as Record<string, unknown> | undefined) ?? f));
  await waitFor(() => events().filter((e) => e['kind'] === 'MessageEvent').length >= 2, 'history');
  const builder = new RecordBuilder(protocol);
  builder.meta({ type: 'transition', from: 'connecting', to: 'open', cause: 'open', attempt: 0 }, 'connecting → open');
  const message = '{"role":"user","content":[{"type":"text","text":"replay me"}]}';
  client.socket.send(message);
  await waitFor(() => events().filter(isFullState).length >= 2, 'the end of the agent run', 10_000);
  client.socket.close();
  for (const text of client.texts) builder.in(text, STEP_MS);
  builder.out(message, 0);
  return builder.records;
}

export function headerFor(server: MockServer, protocol: Generation): RecordingHeader {
  return {
    format: 'conversation-devtools-recording', version: 1, server: server.url, conversationId: server.conversations.demo, protocol,
    tool: { name: 'conversation-devtools', version: 'test' }, createdAt: new Date(0).toISOString(),
  };
}

/** A recording of `records` as reading a file would give it, for a replay server without a file. */
export function recordingOf(protocol: Generation, records: LogRecord[]): ReadResult {
  const header: RecordingHeader = {
    format: 'conversation-devtools-recording', version: 1, server: SERVER, conversationId: CONVERSATION, protocol,
    tool: { name: 'conversation-devtools', version: 'test' }, createdAt: new Date(0).toISOString(),
  };
  return { header, records, errors: [], format: 'ndjson' };
}

/** Writes the recording as a file of `format`, as the panel would save it. */
export async function saveRecording(header: RecordingHeader, records: LogRecord[], format: 'ndjson' | 'har'): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'cdt-replay-'));
  const file = join(dir, `recording.${format === 'har' ? 'har' : 'ndjson'}`);
  writeFileSync(file, await collect((format === 'har' ? writeHar : writeNdjson)(header, records)));
  return file;
}

/** The durable events of a recording, as the server sent them, in order. */
export function recordedDurables(records: LogRecord[]): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const seen = new Set<string>();
  for (const record of records) {
    if (record.direction !== 'in') continue;
    const frame = JSON.parse(record.raw) as Record<string, unknown>;
    const event = record.protocol === 'v1-session' ? (frame['type'] === 'durable' ? frame['event'] as Record<string, unknown> : undefined)
      : record.frameType === 'event' && frame['kind'] !== 'StreamingDeltaEvent' && !isFullState(frame) ? frame : undefined;
    if (event && !seen.has(String(event['id']))) { seen.add(String(event['id'])); out.push(event); }
  }
  return out;
}
