import { HarReader } from './har-read';
import type { Chunk } from './lines';
import { readNdjson } from './ndjson';
import { DEFAULT_READ_LIMITS, type ReadLimits, type ReadResult } from './read-result';

export interface ReadOptions extends Partial<ReadLimits> {
  /** Bytes (or characters, for string chunks) read so far; called once per chunk. */
  onProgress?(bytes: number): void;
}

export type ChunkSource = AsyncIterable<Chunk> | Iterable<Chunk> | ReadableStream<Uint8Array>;

/** `file.stream()` is async-iterable in current browsers; older ones only have getReader(). */
async function* iterate(source: ChunkSource): AsyncGenerator<Chunk> {
  if (Symbol.asyncIterator in source || Symbol.iterator in source) {
    yield* source as AsyncIterable<Chunk> | Iterable<Chunk>;
    return;
  }
  const reader = (source as ReadableStream<Uint8Array>).getReader();
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
  } finally {
    reader.releaseLock();
  }
}

async function* decodeChunks(source: ChunkSource, onProgress?: (bytes: number) => void): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let bytes = 0;
  for await (const chunk of iterate(source)) {
    bytes += typeof chunk === 'string' ? chunk.length : chunk.byteLength;
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    onProgress?.(bytes);
    if (text !== '') yield text;
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

async function* chain(head: string[], rest: AsyncIterator<string>): AsyncGenerator<string> {
  yield* head;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

const PEEK_CHARS = 64 * 1024;

/** The native format's first line is a JSON object with `format`; anything else is read as HAR. */
function looksNative(head: string): boolean {
  const newline = head.indexOf('\n');
  const firstLine = (newline >= 0 ? head.slice(0, newline) : head).trim();
  if (!firstLine.startsWith('{')) return false;
  try {
    const value = JSON.parse(firstLine) as Record<string, unknown> | null;
    return value !== null && typeof value === 'object' && 'format' in value && !('log' in value);
  } catch {
    return false;
  }
}

/**
 * Reads a recording (native NDJSON, streamed line by line) or a HAR (ours or Chrome's, streamed
 * through an incremental JSON scanner, one WebSocket message at a time). Problems with single
 * lines or messages come back in `errors`; a file that is not a recording at all throws an Error
 * whose message says why.
 */
export async function readRecording(chunks: ChunkSource, opts: ReadOptions = {}): Promise<ReadResult> {
  const { onProgress, ...rest } = opts;
  const limits: ReadLimits = { ...DEFAULT_READ_LIMITS, ...rest };
  const texts = decodeChunks(chunks, onProgress);
  const head: string[] = [];
  let headLength = 0;
  for (let next = await texts.next(); !next.done; next = await texts.next()) {
    head.push(next.value);
    headLength += next.value.length;
    if (next.value.includes('\n') || headLength >= PEEK_CHARS) break;
  }
  if (looksNative(head.join(''))) return readNdjson(chain(head, texts), limits);
  if (head.join('').trim() === '') throw new Error('The file is empty.');
  const har = new HarReader(limits);
  try {
    for await (const text of chain(head, texts)) har.write(text);
  } catch (error) {
    throw new Error(`Neither a Conversation DevTools recording nor a HAR file (${error instanceof Error ? error.message : 'not JSON'}).`);
  }
  return har.finish();
}
