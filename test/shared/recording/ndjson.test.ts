import { describe, expect, it } from 'vitest';
import { readRecording, writeNdjson, type RecordingHeader } from '../../../src/shared/recording/index';
import { redactRecord } from '../../../src/shared/redact';
import { CLIENT_FRAMES, SESSION_EXAMPLES, V1_EXAMPLES } from '../../fixtures/protocol/examples';
import { byteChunks, collect, CONVERSATION, essentials, RecordBuilder, SERVER } from './make-records';

const header = (protocol: RecordingHeader['protocol']): RecordingHeader => ({
  format: 'conversation-devtools-recording', version: 1, server: SERVER, conversationId: CONVERSATION, protocol,
  tool: { name: 'conversation-devtools', version: '0.1.0' }, createdAt: '2026-11-25T14:00:00.000Z',
});

function eventsConversation(): RecordBuilder {
  const b = new RecordBuilder('v1-events');
  b.meta({ type: 'transition', from: 'idle', to: 'connecting', cause: 'connect', attempt: 0 }, 'idle → connecting');
  b.out('{"type":"auth","session_api_key":"<redacted>"}');
  for (const raw of Object.values(V1_EXAMPLES)) b.in(raw);
  b.out(CLIENT_FRAMES.messageList);
  b.in('not json {');
  b.in(JSON.stringify({ kind: 'MessageEvent', id: 'ü-1', timestamp: '2026-01-01T00:00:00', source: 'user', llm_message: { role: 'user', content: [{ type: 'text', text: 'héllo → 世界 🎉' }] } }));
  b.in(new Uint8Array([0, 1, 2, 250, 255]));
  b.meta({ type: 'error', origin: 'connection', message: 'closed 1006' }, 'closed 1006');
  return b;
}

describe('native NDJSON recording', () => {
  it('exports then imports the same records, byte-split chunks and multi-byte text included', async () => {
    const { records } = eventsConversation();
    const text = await collect(writeNdjson(header('v1-events'), records));
    expect(text.split('\n')[0]).toContain('"format":"conversation-devtools-recording"');
    expect(text.trimEnd().split('\n')).toHaveLength(records.length + 1);
    const progress: number[] = [];
    const result = await readRecording(byteChunks(text, 7), { onProgress: (n) => progress.push(n) });
    expect(result.format).toBe('ndjson');
    expect(result.errors).toEqual([]);
    expect(result.header).toEqual(header('v1-events'));
    expect(result.records.map(essentials)).toEqual(records.map(essentials));
    expect(progress.at(-1)).toBe(new TextEncoder().encode(text).length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('recomputes validity on import rather than trusting the file', async () => {
    const b = new RecordBuilder('v1-events');
    const forged = { ...b.in('{"kind":"ActionEvent","id":"x","timestamp":"t","source":"agent"}'), validity: 'ok' as const, issues: [] };
    const text = await collect(writeNdjson(header('v1-events'), [forged]));
    const [record] = (await readRecording([text])).records;
    expect(record?.validity).toBe('invalid');
    expect(record?.issues?.length).toBeGreaterThan(0);
  });

  it('keeps session-socket envelopes, serverSeq and sync facts', async () => {
    const b = new RecordBuilder('v1-session');
    for (const raw of Object.values(SESSION_EXAMPLES)) b.in(raw);
    const result = await readRecording([await collect(writeNdjson(header('v1-session'), b.records))]);
    expect(result.records.map(essentials)).toEqual(b.records.map(essentials));
    expect(result.records.find((r) => r.frameType === 'durable')?.serverSeq).toBe(42);
  });

  it('reports each bad line with its number and keeps every good one', async () => {
    const { records } = eventsConversation();
    const lines = (await collect(writeNdjson(header('v1-events'), records.slice(0, 4)))).trimEnd().split('\n');
    lines.splice(2, 0, 'garbage', '{"seq":"x","direction":"in"}', `{"seq":9,"direction":"in","receivedAt":1,"raw":"${'a'.repeat(700)}"}`);
    const result = await readRecording([lines.join('\n')], { maxLineChars: 600 });
    expect(result.records.map((r) => r.seq)).toEqual(records.slice(0, 4).map((r) => r.seq));
    expect(result.errors).toEqual([
      { line: 3, message: 'not JSON: garbage' },
      { line: 4, message: expect.stringMatching(/^invalid record: seq: /) },
      { line: 5, message: expect.stringMatching(/longer than the 600 limit; skipped/) },
    ]);
  });

  it('a record whose seq does not follow the previous one is reported and skipped, not dropped unseen', async () => {
    const { records } = eventsConversation();
    const lines = (await collect(writeNdjson(header('v1-events'), records.slice(0, 4)))).trimEnd().split('\n');
    // Lines 2..5 hold seqs 1..4; swap the middle two, and repeat one: 1, 3, 2, 3, 4.
    const [first, second, third, fourth] = lines.slice(1);
    const text = [lines[0], first, third, second, third, fourth].join('\n');
    const result = await readRecording([text]);
    // Before: 5 records and no error; the panel then held 3 and said nothing of the other 2.
    expect(result.records.map((r) => r.seq)).toEqual([1, 3, 4]);
    expect(result.errors).toEqual([
      { line: 4, message: 'seq 2 does not follow seq 3: skipped (records are listed in seq order)' },
      { line: 5, message: 'seq 3 does not follow seq 3: skipped (records are listed in seq order)' },
    ]);
  });

  it('bounds records and says how many were left out', async () => {
    const { records } = eventsConversation();
    const result = await readRecording([await collect(writeNdjson(header('v1-events'), records))], { maxRecords: 3 });
    expect(result.records).toHaveLength(3);
    expect(result.errors.at(-1)?.message).toBe(`${records.length - 3} records past the limit of 3 were not imported`);
  });

  it('refuses a newer format version and an empty file with a clear message', async () => {
    await expect(readRecording([`${JSON.stringify({ ...header('v1-events'), version: 2 })}\n`])).rejects.toThrow('format version 2; this tool reads up to version 1');
    await expect(readRecording([''])).rejects.toThrow('empty');
    await expect(readRecording(['hello\nworld\n'])).rejects.toThrow('Neither a Conversation DevTools recording nor a HAR file');
  });

  it('streams its output in bounded chunks', async () => {
    const b = new RecordBuilder('v1-events');
    const event = V1_EXAMPLES['ActionEvent_TerminalAction'] ?? '';
    for (let i = 0; i < 3000; i += 1) b.in(event.replace(/"id":"[^"]+"/, `"id":"id-${i}"`));
    const chunks: string[] = [];
    for await (const chunk of writeNdjson(header('v1-events'), b.records)) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(3);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(256 * 1024 + 2 * event.length + 200);
  });
});

describe('exports never contain a secret', () => {
  const KEY = 'sk-oh-SESSION-7f00d';
  const URL_TOKEN = 'url-token-31337';
  const NESTED = 'sk-llm-nested-4242';
  const KNOWN_ONLY = 'known-only-secret-9876';

  function leakyConversation(): RecordBuilder {
    const b = new RecordBuilder('v1-events');
    // An auth frame as a careless producer would log it (decodeOutgoing would already redact).
    const auth = b.out('{"role":"user","content":"x"}');
    auth.raw = `{"type":"auth","session_api_key":"${KEY}"}`;
    b.meta({ type: 'error', origin: 'connection', message: `handshake failed ws://h/sockets/events/x?session_api_key=${URL_TOKEN}` }, `failed ?session_api_key=${URL_TOKEN}`);
    b.in(JSON.stringify({ kind: 'ConversationStateUpdateEvent', id: 's1', timestamp: '2026-01-01T00:00:00', source: 'environment', key: 'full_state', value: { agent: { llm: { api_key: NESTED } } } }));
    b.in(JSON.stringify({ kind: 'MessageEvent', id: 'm1', timestamp: '2026-01-01T00:00:01', source: 'user', llm_message: { role: 'user', content: [{ type: 'text', text: `please use ${KNOWN_ONLY} and ${KEY}` }] } }));
    return b;
  }

  it('previews what an export will redact: where and why, never the value', async () => {
    const { records } = leakyConversation();
    const { previewRedactions } = await import('../../../src/shared/recording/index');
    const preview = previewRedactions({ server: `${SERVER}/?token=${URL_TOKEN}` }, records, [KEY, KNOWN_ONLY]);
    expect(preview.recordsAffected).toBe(4);
    expect(preview.items).toEqual(expect.arrayContaining([
      { seq: 0, path: 'header.server?token', reason: 'url query' },
      { seq: 1, path: 'session_api_key', reason: 'auth frame' },
      { seq: 3, path: 'value.agent.llm.api_key', reason: 'sensitive field' },
      { seq: 4, path: 'llm_message.content.0.text', reason: 'known secret' },
    ]));
    for (const secret of [KEY, URL_TOKEN, NESTED, KNOWN_ONLY]) expect(JSON.stringify(preview)).not.toContain(secret);
  });

  it.each(['ndjson', 'har'] as const)('%s: no secret in any byte, in any encoding', async (format) => {
    const { records } = leakyConversation();
    const { writeHar } = await import('../../../src/shared/recording/index');
    const h = { ...header('v1-events'), server: `${SERVER}/runtime?token=${URL_TOKEN}` };
    const write = format === 'ndjson' ? writeNdjson : writeHar;
    const text = await collect(write(h, records, { secrets: [KEY, KNOWN_ONLY] }));
    for (const secret of [KEY, URL_TOKEN, NESTED, KNOWN_ONLY]) {
      for (const form of [secret, encodeURIComponent(secret), btoa(secret)]) expect(text).not.toContain(form);
    }
    // Still a readable recording with the same records, redacted.
    const result = await readRecording([text]);
    expect(result.records).toHaveLength(records.length);
    expect(result.records.map((r) => r.raw)).toEqual(records.map((r) => redactRecord(r, [KEY, KNOWN_ONLY]).record.raw));
  });
});

describe('reading from a ReadableStream (file.stream() in the panel)', () => {
  it('reads a byte stream that only offers getReader()', async () => {
    const { records } = eventsConversation();
    const bytes = [...byteChunks(await collect(writeNdjson(header('v1-events'), records)), 1024)];
    const stream = new ReadableStream<Uint8Array>({ pull(controller) { const next = bytes.shift(); if (next) controller.enqueue(next); else controller.close(); } });
    const readerOnly = { getReader: () => stream.getReader() } as unknown as ReadableStream<Uint8Array>;
    const result = await readRecording(readerOnly);
    expect(result.records.map(essentials)).toEqual(records.map(essentials));
  });
});
