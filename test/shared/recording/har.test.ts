import { describe, expect, it } from 'vitest';
import { readRecording, writeHar, writeNdjson, type RecordingHeader } from '../../../src/shared/recording/index';
import { CLIENT_FRAMES, SESSION_EXAMPLES, V0_EXAMPLES, V0_USER_ACTIONS, V1_EXAMPLES } from '../../fixtures/protocol/examples';
import { JsonStreamScanner } from '../../../src/shared/recording/json-stream';
import { HarReader } from '../../../src/shared/recording/har-read';
import { DEFAULT_READ_LIMITS } from '../../../src/shared/recording/read-result';
import { seqStringsStartingWith } from '../../heap-strings';
import { chromeHar, chromeSocketEntry } from './chrome-har';
import { byteChunks, collect, CONVERSATION, essentials, RecordBuilder, SERVER } from './make-records';

const header = (protocol: RecordingHeader['protocol']): RecordingHeader => ({
  format: 'conversation-devtools-recording', version: 1, server: SERVER, conversationId: CONVERSATION, protocol,
  tool: { name: 'conversation-devtools', version: '0.1.0' }, createdAt: '2026-11-25T14:00:00.000Z',
});

describe('HAR export (Chrome _webSocketMessages shape)', () => {
  it('writes HAR 1.2 with one websocket entry Chrome and other HAR tools understand', async () => {
    const b = new RecordBuilder('v1-events');
    b.meta({ type: 'transition', from: 'connecting', to: 'open', cause: 'open', attempt: 0 }, 'connecting → open');
    b.out(CLIENT_FRAMES.auth);
    b.in(V1_EXAMPLES['ActionEvent_TerminalAction'] ?? '');
    b.in(new Uint8Array([1, 2, 3]));
    const har = JSON.parse(await collect(writeHar(header('v1-events'), b.records)));
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator).toEqual({ name: 'conversation-devtools', version: '0.1.0' });
    const [entry] = har.log.entries;
    expect(entry._resourceType).toBe('websocket');
    expect(entry.request).toMatchObject({ method: 'GET', url: `ws://127.0.0.1:8000/sockets/events/${CONVERSATION}?resend_mode=all` });
    expect(entry.response.status).toBe(101);
    expect(entry._webSocketMessages.map((m: Record<string, unknown>) => ({ type: m['type'], time: m['time'], opcode: m['opcode'] }))).toEqual([
      { type: 'send', time: b.records[1]!.receivedAt / 1000, opcode: 1 },
      { type: 'receive', time: b.records[2]!.receivedAt / 1000, opcode: 1 },
      { type: 'receive', time: b.records[3]!.receivedAt / 1000, opcode: 2 },
    ]);
    expect(entry._webSocketMessages[0].data).toBe('{"type":"auth","session_api_key":"<redacted>"}');
    expect(entry._webSocketMessages[2].data).toBe('AQID');
    expect(entry._conversationDevtoolsMeta).toEqual([{ seq: 1, receivedAt: b.records[0]!.receivedAt, summary: 'connecting → open', meta: b.records[0]!.meta }]);
  });

  it.each([
    ['v1-events', (b: RecordBuilder) => { for (const raw of Object.values(V1_EXAMPLES)) b.in(raw); b.out(CLIENT_FRAMES.messageImage); }],
    ['v1-session', (b: RecordBuilder) => { for (const raw of Object.values(SESSION_EXAMPLES)) b.in(raw); }],
    ['v0-socketio', (b: RecordBuilder) => { for (const raw of Object.values(V0_EXAMPLES)) b.in(raw); b.out(V0_USER_ACTIONS.message); }],
  ] as const)('%s: export then import gives the same records, meta included', async (protocol, fill) => {
    const b = new RecordBuilder(protocol);
    b.meta({ type: 'note', message: 'start' }, 'start');
    fill(b);
    b.in('not json');
    b.meta({ type: 'error', origin: 'connection', message: 'closed 1006' }, 'closed 1006');
    const text = await collect(writeHar(header(protocol), b.records));
    if (protocol === 'v0-socketio') expect(JSON.parse(text).log.entries[0]._webSocketMessages[0].data).toMatch(/^42\["oh_event",\{/);
    const result = await readRecording(byteChunks(text, 4096));
    expect(result.format).toBe('har');
    expect(result.errors).toEqual([]);
    expect(result.header).toEqual(header(protocol));
    expect(result.records.map(essentials)).toEqual(b.records.map(essentials));
  });

  it.each([['ndjson', writeNdjson], ['har', writeHar]] as const)('%s: the header keeps the count of records dropped before the first', async (_format, write) => {
    const b = new RecordBuilder('v1-events');
    b.in(V1_EXAMPLES['ActionEvent_TerminalAction'] ?? '');
    const dropping = { ...header('v1-events'), droppedBefore: 1234 };
    expect((await readRecording([await collect(write(dropping, b.records))])).header).toEqual(dropping);
  });

  it('V0: the payload comes back byte for byte (REST history keeps the server\'s own bytes), also from a packet with spaces', async () => {
    // Python writes 0.0, spaces after separators, and may escape non-ASCII.
    const raw = '{"id": 7, "timestamp": "2025-11-03T10:15:02.118", "source": "agent", "observation": "run", "content": "caf\\u00e9", "extras": {"metadata": {"exit_code": 0, "cost": 0.0}}, "message": "ran"}';
    const b = new RecordBuilder('v0-socketio');
    b.in(raw);
    const ours = (await readRecording([await collect(writeHar(header('v0-socketio'), b.records))])).records;
    expect(ours.map((r) => [r.raw, r.size])).toEqual(b.records.map((r) => [r.raw, r.size]));
    const spaced = chromeHar([chromeSocketEntry(`ws://localhost:3000/socket.io/?conversation_id=c1&EIO=4&transport=websocket`, 1_764_000_000, [['receive', 0.1, 1, `42[ "oh_event" , ${raw} ]`]])]);
    expect((await readRecording([JSON.stringify(spaced)])).records.map((r) => r.raw)).toEqual([raw]);
  });

  it('a record of another generation than the recording\'s (a REST event in a session log) keeps it', async () => {
    const session = new RecordBuilder('v1-session');
    session.in(SESSION_EXAMPLES.durable);
    const rest = new RecordBuilder('v1-events', 1_764_000_000_100);
    rest.in('{"id":"e1","source":"agent"}'); // an invalid event (no kind): nothing in it says which generation it is
    const records = [...session.records, { ...rest.records[0]!, seq: 2 }];
    const text = await collect(writeHar(header('v1-session'), records));
    expect(JSON.parse(text).log.entries[0]._webSocketMessages.map((m: { _conversationDevtools: { protocol?: string } }) => m._conversationDevtools.protocol)).toEqual([undefined, 'v1-events']);
    expect((await readRecording([text])).records.map(essentials)).toEqual(records.map(essentials));
  });
});

describe('HAR saved from Chrome DevTools (Network panel, "Save all as HAR with content")', () => {
  it('imports the conversation socket, its reconnect, and shows its frames; other traffic is left out', async () => {
    const id = CONVERSATION;
    const auth = '{"type":"auth","session_api_key":"sk-from-chrome-1"}';
    const fullState = V1_EXAMPLES['ConversationStateUpdateEvent_full_state'] ?? '';
    const action = V1_EXAMPLES['ActionEvent_TerminalAction'] ?? '';
    const observation = V1_EXAMPLES['ObservationEvent_TerminalObservation'] ?? '';
    const t0 = 1_764_079_200.125;
    const har = chromeHar([
      chromeSocketEntry(`ws://localhost:8000/sockets/events/${id}?resend_mode=all`, t0, [
        ['send', 0.001, 1, auth], ['receive', 0.02, 1, fullState], ['receive', 0.03, 1, action],
      ]),
      chromeSocketEntry('ws://localhost:5173/?token=vite-hmr', t0, [['receive', 0.01, 1, '{"type":"connected"}']]),
      chromeSocketEntry(`ws://localhost:8000/sockets/events/${id}?resend_mode=since&after_timestamp=2026-08-22T14%3A03%3A11`, t0 + 5, [
        ['send', 0.001, 1, auth], ['receive', 0.02, 1, action], ['receive', 0.04, 1, observation], ['receive', 0.05, 2, 'AAEC'],
      ]),
      chromeSocketEntry('ws://localhost:8000/sockets/events/0000aaaa-58b4-4c1e-9d0a-3e6b1f2c4d5e?resend_mode=all', t0 + 6, [['receive', 0.01, 1, action]]),
    ]);
    const result = await readRecording([JSON.stringify(har, null, 2)]);
    expect(result.format).toBe('har');
    expect(result.header).toMatchObject({ server: 'http://localhost:8000', conversationId: id, protocol: 'v1-events', tool: { name: 'WebInspector', version: '537.36' } });
    const shown = result.records.map((r) => [r.direction, r.kind ?? r.meta?.type ?? r.validity]);
    expect(shown).toEqual([
      ['meta', 'note'], ['out', 'auth'], ['in', 'ConversationStateUpdateEvent'], ['in', 'ActionEvent'],
      ['meta', 'note'], ['out', 'auth'], ['in', 'ObservationEvent'], ['in', 'binary'],
    ]);
    expect(result.records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(result.records[2]?.receivedAt).toBe(Math.round((t0 + 0.02) * 1000));
    expect(result.records[1]?.raw).not.toContain('sk-from-chrome-1');
    expect(result.records.every((r) => r.conversationKey === `http://localhost:8000#${id}`)).toBe(true);
    expect(result.errors.map((e) => e.message)).toEqual([
      'skipped the WebSocket of conversation 0000aaaa-58b4-4c1e-9d0a-3e6b1f2c4d5e: one conversation per import',
      '1 events seen again (same id, e.g. history replayed after a reconnect) were dropped, as the live log drops them',
    ]);
  });

  it('unwraps Socket.IO (V0) frames and skips Engine.IO handshakes and pings', async () => {
    const id = 'c0ffee00-0000-4000-8000-000000000de0';
    const har = chromeHar([
      chromeSocketEntry(`ws://localhost:3000/socket.io/?latest_event_id=-1&conversation_id=${id}&EIO=4&transport=websocket`, 1_764_000_000, [
        ['receive', 0.001, 1, '0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000}'], ['send', 0.002, 1, '40'],
        ['receive', 0.003, 1, '40{"sid":"def"}'], ['receive', 0.01, 1, `42["oh_event",${V0_EXAMPLES.runAction}]`],
        ['receive', 0.02, 1, '2'], ['send', 0.021, 1, '3'],
        ['send', 0.03, 1, `42["oh_user_action",${V0_USER_ACTIONS.message}]`], ['receive', 0.04, 1, `42["oh_event",${V0_EXAMPLES.runObservation}]`],
      ]),
    ]);
    const result = await readRecording([JSON.stringify(har)]);
    expect(result.header).toMatchObject({ server: 'http://localhost:3000', conversationId: id, protocol: 'v0-socketio' });
    expect(result.records.map((r) => [r.direction, r.kind, r.validity])).toEqual([
      ['in', 'action:run', 'ok'], ['out', 'action:message', 'ok'], ['in', 'observation:run', 'ok'],
    ]);
    expect(result.records[0]?.raw).toBe(V0_EXAMPLES.runAction);
  });

  it('says clearly when a HAR has no OpenHands socket, or is not a HAR', async () => {
    const har = chromeHar([chromeSocketEntry('wss://example.com/live', 1, [['receive', 0, 1, 'x']])]);
    await expect(readRecording([JSON.stringify(har)])).rejects.toThrow('no OpenHands WebSocket entry');
    await expect(readRecording(['{"hello": 1}'])).rejects.toThrow('Not a HAR file');
  });
});

describe('HAR reading is streamed', () => {
  const id = CONVERSATION;
  const action = V1_EXAMPLES['ActionEvent_TerminalAction'] ?? '';
  const entry = chromeSocketEntry(`ws://localhost:8000/sockets/events/${id}`, 1_764_000_000, [['receive', 0.01, 1, action], ['receive', 0.02, 1, 'x "y" \\ z']]);

  it('gives the same records whatever the chunking, even one character at a time', async () => {
    const text = JSON.stringify(chromeHar([entry]), null, 2);
    const whole = await readRecording([text]);
    const tiny = await readRecording(byteChunks(text, 1));
    expect(tiny.records.map(essentials)).toEqual(whole.records.map(essentials));
    expect(whole.records.map((r) => r.validity)).toEqual(['ok', 'not-json']);
  });

  it('copes with messages written before the request URL', async () => {
    const { _webSocketMessages, ...rest } = entry;
    const reordered = { _webSocketMessages, ...rest };
    const result = await readRecording([JSON.stringify(chromeHar([reordered]))]);
    expect(result.records.map((r) => r.kind ?? r.validity)).toEqual(['ActionEvent', 'not-json']);
  });

  it('a file cut short (interrupted download or copy) keeps the messages read before the cut, and says it ends early', async () => {
    const b = new RecordBuilder('v1-events');
    for (let i = 0; i < 10; i += 1) b.in(action.replace(/"id":"[^"]+"/, `"id":"id-${i}"`));
    const text = await collect(writeHar(header('v1-events'), b.records));
    const cut = text.slice(0, text.indexOf('id-7')); // inside the 8th message
    const result = await readRecording([cut]);
    expect(result.records.map((r) => r.eventId)).toEqual(b.records.slice(0, 7).map((r) => r.eventId));
    expect(result.errors.map((e) => e.message)).toEqual([expect.stringMatching(/ends early.*7 records read before the cut/)]);
  });

  it('a file cut before any OpenHands socket is still refused', async () => {
    const text = JSON.stringify(chromeHar([entry]));
    await expect(readRecording([text.slice(0, text.indexOf('"request"'))])).rejects.toThrow('ends early');
  });

  it('a bad message is reported by its entry and its place in that entry', async () => {
    const har = chromeHar([
      chromeSocketEntry(`ws://localhost:8000/sockets/events/${id}`, 1_764_000_000, [['receive', 0.1, 1, action], ['receive', 0.2, 1, action]]),
      chromeSocketEntry(`ws://localhost:8000/sockets/events/${id}`, 1_764_000_010, [['receive', 0.1, 1, action], ['receive', 0.2, 1, action]]),
    ]) as { log: { entries: Array<{ _webSocketMessages?: Array<Record<string, unknown>> }> } };
    const last = har.log.entries.length - 1;
    har.log.entries[last]!._webSocketMessages![1]!.time = 'soon';
    const result = await readRecording([JSON.stringify(har)]);
    expect(result.errors[0]).toEqual({ line: 0, message: expect.stringMatching(new RegExp(`^log\\.entries\\[${last}\\]\\._webSocketMessages\\[1\\]\\.time: `)) });
  });
});

describe('HAR import of hostile or secret-bearing files', () => {
  it('a V0 socket URL in a Chrome HAR is shown with its session key redacted', async () => {
    const url = 'ws://localhost:3000/socket.io/?conversation_id=abc123&latest_event_id=-1&session_api_key=sk-LEAK-123456&EIO=4&transport=websocket';
    const message = (id: number) => `42["oh_event",{"id":${id},"action":"message","source":"user","args":{"content":"hi"}}]`;
    const har = chromeHar([
      chromeSocketEntry(url, 1_764_079_200, [['receive', 0.01, 1, message(1)]]),
      chromeSocketEntry(url.replace('latest_event_id=-1', 'latest_event_id=1'), 1_764_079_300, [['receive', 0.01, 1, message(2)]]),
    ]);
    const result = await readRecording([JSON.stringify(har)]);
    const notes = result.records.filter((r) => r.direction === 'meta').map((r) => `${r.summary} ${JSON.stringify(r.meta)}`);
    expect(notes.length).toBe(2); // each reconnect's socket is noted
    // Before: both notes showed sk-LEAK-123456.
    expect(notes.join('\n')).not.toContain('sk-LEAK');
    expect(notes[0]).toContain('session_api_key=');
  });

  it('nesting 20,000 levels deep: no path deeper than a wanted one is built or offered', async () => {
    const depth = 20_000;
    const text = `{"log":{"pad":${'['.repeat(depth)}${']'.repeat(depth)},"entries":[]}}`;
    // Before, each value start copied the whole path (about 3.6 s here, growing with the
    // square of the depth). Counted, not timed: the paths offered to the wanted check.
    const offered: number[] = [];
    const scanner = new JsonStreamScanner((path) => { offered.push(path.length); return false; }, () => undefined, 5);
    scanner.write(text);
    expect(Math.max(...offered)).toBeLessThanOrEqual(5);
    expect(offered.length).toBeLessThan(10);
    // And the reader says clearly that there is nothing to import, at once.
    await expect(readRecording([text])).rejects.toThrow(/Not a HAR file/);
  });
});


describe('HAR import under maxRecords', () => {
  const id = CONVERSATION;
  const socket = (n: number) => `ws://localhost:8000/sockets/events/${id}?attempt=${n}`;
  const event = (n: number) => (V1_EXAMPLES['ActionEvent_TerminalAction'] ?? '').replace(/"id":"[^"]+"/, `"id":"ev-${n}"`);

  // Every message of the file was held until the end and only then cut to maxRecords: a huge
  // HAR cost its whole size in memory, whatever the cap. Shown on the heap, not by sizes.
  it('holds no more messages than the cap while it reads', async () => {
    const marker = `QZXHAR${'x'.repeat(300)}`;
    const limit = 10;
    const text = (() => {
      const messages = Array.from({ length: 200 }, (_, n) => ['receive', n / 100, 1, `${marker}:${n}`] as ['receive', number, 1, string]);
      return JSON.stringify(chromeHar([chromeSocketEntry(socket(0), 1_764_000_000, messages)]));
    })();
    const reader = new HarReader({ ...DEFAULT_READ_LIMITS, maxRecords: limit });
    reader.write(text.slice(0, text.lastIndexOf(marker))); // all but the last message
    expect(await seqStringsStartingWith(`${marker}:`)).toBeLessThanOrEqual(limit);
    reader.write(text.slice(text.lastIndexOf(marker)));
    const result = reader.finish();
    expect(result.records.map((r) => r.raw)).toEqual(Array.from({ length: limit }, (_, n) => `${marker}:${n}`));
    expect(result.errors.map((e) => e.message)).toEqual([`190 records past the limit of ${limit} were not imported`]);
  });

  // The same records and the same counts as reading it all, then sorting, deduping and cutting.
  const withCap = async (text: string, maxRecords: number) => {
    const all = await readRecording([text]);
    const capped = await readRecording(byteChunks(text, 500), { maxRecords });
    const past = all.records.length - maxRecords;
    expect(capped.records.map(essentials)).toEqual(all.records.slice(0, maxRecords).map(essentials));
    expect(capped.errors.map((e) => e.message)).toEqual([
      ...all.errors.map((e) => e.message),
      ...(past > 0 ? [`${past} records past the limit of ${maxRecords} were not imported`] : []),
    ]);
  };

  it('a Chrome HAR: the first records by time, reconnect replays dropped and counted as before', async () => {
    const t0 = 1_764_000_000;
    const har = chromeHar([
      // Out of time order within a socket, and a reconnect that replays events 3–9.
      chromeSocketEntry(socket(0), t0, Array.from({ length: 10 }, (_, n) => ['receive', ((n * 7) % 10) / 10, 1, event(n)] as ['receive', number, 1, string])),
      chromeSocketEntry(socket(1), t0 + 5, Array.from({ length: 12 }, (_, n) => ['receive', n / 10, 1, event(n + 3)] as ['receive', number, 1, string])),
    ]);
    const text = JSON.stringify(har);
    expect((await readRecording([text])).errors.map((e) => e.message)).toEqual([expect.stringMatching(/^7 events seen again/)]);
    for (const maxRecords of [0, 1, 5, 11, 12, 13, 14, 16, 100]) await withCap(text, maxRecords);
  });

  it('our own HAR: the first records by seq, even when their times run the other way', async () => {
    const b = new RecordBuilder('v1-events');
    b.meta({ type: 'note', message: 'start' }, 'start');
    for (let n = 0; n < 20; n += 1) b.in(event(n % 15)); // 15–19 are 0–4 seen again
    b.meta({ type: 'error', origin: 'connection', message: 'closed 1006' }, 'closed 1006');
    const records = b.records.map((r, i) => ({ ...r, receivedAt: 1_764_000_000_000 - i * 10 }));
    const text = await collect(writeHar(header('v1-events'), records));
    for (const maxRecords of [0, 1, 7, 16, 17, 100]) await withCap(text, maxRecords);
  });
});
