import { decodeOutgoing } from '../../../src/shared/protocol/client-frames';
import { decodeFrame } from '../../../src/shared/protocol/decode-frame';
import type { Generation } from '../../../src/shared/protocol/generation';
import type { LogRecord, MetaInfo } from '../../../src/shared/record';

export const SERVER = 'http://127.0.0.1:8000';
export const CONVERSATION = '7f3c2a9e-58b4-4c1e-9d0a-3e6b1f2c4d5e';
export const KEY = `${SERVER}#${CONVERSATION}`;

/** Builds records the way the SW's event log does: decoded frame + seq, time, direction. */
export class RecordBuilder {
  readonly records: LogRecord[] = [];
  private seq = 1;
  constructor(private readonly protocol: Generation, private time = 1_764_000_000_000) {}

  private push(partial: Omit<LogRecord, 'seq' | 'conversationKey' | 'receivedAt' | 'protocol'>, stepMs: number): LogRecord {
    this.time += stepMs;
    const record: LogRecord = { ...partial, seq: this.seq++, conversationKey: KEY, receivedAt: this.time, protocol: this.protocol };
    this.records.push(record);
    return record;
  }
  in(raw: string | Uint8Array, stepMs = 7): LogRecord {
    return this.push({ ...decodeFrame(this.protocol, raw), direction: 'in' }, stepMs);
  }
  out(text: string, stepMs = 5): LogRecord {
    return this.push({ ...decodeOutgoing(this.protocol, text), direction: 'out', outgoing: { via: 'socket', status: 'echoed', echoSeq: this.seq + 1 } }, stepMs);
  }
  meta(meta: MetaInfo, summary: string, stepMs = 3): LogRecord {
    return this.push({ validity: 'ok', raw: '', rawEncoding: 'text', size: 0, frameType: 'none', category: meta.type === 'error' ? 'error' : 'control', summary, direction: 'meta', meta }, stepMs);
  }
}

/** Feeds text in uneven byte chunks, so multi-byte characters split across chunks. */
export function* byteChunks(text: string, size = 7): Generator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

export async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of chunks) out += chunk;
  return out;
}

/** The fields an import must give back. */
export function essentials(record: LogRecord): Record<string, unknown> {
  const { seq, direction, receivedAt, raw, rawEncoding, protocol, validity, kind, eventId, frameType, meta, outgoing, summary, conversationKey, serverSeq } = record;
  return { seq, direction, receivedAt, raw, rawEncoding, protocol, validity, kind, eventId, frameType, meta, outgoing, summary, conversationKey, serverSeq };
}
