import { describe, expect, it } from 'vitest';
import { createConversationSink } from '../../../src/background/connection-sink';
import { decodeOutgoing } from '../../../src/shared/protocol/client-frames';
import { decodeFrame } from '../../../src/shared/protocol/decode-frame';
import type { LogRecord } from '../../../src/shared/record';
import { FakeClock } from '../../fakes/fake-clock';
import { ServerHorizon } from '../../../src/background/echo-horizon';
import { V0JoinGapWatch } from '../../../src/background/resume/v0-join-gap';

const userMessage = (text: string) => JSON.stringify({ role: 'user', content: [{ type: 'text', text }] });
let nextId = 0;
const echo = (text: string) => decodeFrame('v1-events', JSON.stringify({
  kind: 'MessageEvent', id: `e${++nextId}`, timestamp: '2026-08-22T14:03:11.482913', source: 'user',
  llm_message: { role: 'user', content: [{ type: 'text', text }] }, activated_skills: [], extended_content: [],
}));

function setup() {
  const clock = new FakeClock();
  const updates: LogRecord[] = [];
  const parts = createConversationSink({
    key: 'k', target: { serverUrl: 'http://127.0.0.1:1', conversationId: 'c', protocol: 'v1-events' }, clock, echoTimeoutMs: 1000,
    onRecord: () => undefined, onRecordUpdated: (r) => updates.push(r), onSocketStatus: () => undefined,
  });
  const send = (text: string) => parts.sink.appendOutbound(decodeOutgoing('v1-events', userMessage(text)), { via: 'socket', status: 'sent' });
  return { clock, updates, ...parts, send };
}

describe('outgoing user messages: pending → echoed | no-echo', () => {
  it('matches the echo by identical text, not by order', () => {
    const { sink, log, send } = setup();
    const a = send('first');
    const b = send('second');
    expect(a.outgoing?.status).toBe('pending');
    const echoed = sink.appendInbound(echo('second'), 'socket')!;
    expect(log.get(b.seq)?.outgoing).toEqual({ via: 'socket', status: 'echoed', echoSeq: echoed.seq });
    expect(log.get(a.seq)?.outgoing?.status).toBe('pending');
  });

  it('a user message with other text (another client, an old one replayed) settles nothing', () => {
    const { sink, log, send } = setup();
    const a = send('first');
    sink.appendInbound(echo('typed in the OpenHands UI'), 'socket');
    // The reference client's FIFO fallback (§4.5) would mark `a` echoed, linked to that message.
    expect(log.get(a.seq)?.outgoing?.status).toBe('pending');
  });

  it('a late echo settles the send it belongs to, not a newer pending one', () => {
    const { clock, sink, log, send } = setup();
    const a = send('first');
    clock.advance(1000);
    expect(log.get(a.seq)?.outgoing?.status).toBe('no-echo');
    const b = send('second');
    const lateA = sink.appendInbound(echo('first'), 'socket')!;
    expect(log.get(a.seq)?.outgoing).toEqual({ via: 'socket', status: 'echoed', echoSeq: lateA.seq });
    expect(log.get(b.seq)?.outgoing?.status).toBe('pending');
    const echoB = sink.appendInbound(echo('second'), 'socket')!;
    expect(log.get(b.seq)?.outgoing).toEqual({ via: 'socket', status: 'echoed', echoSeq: echoB.seq });
  });

  it('turns no-echo after the (injected) timeout and reports the update', () => {
    const { clock, log, send, updates } = setup();
    const a = send('lost');
    clock.advance(999);
    expect(log.get(a.seq)?.outgoing?.status).toBe('pending');
    clock.advance(1);
    expect(log.get(a.seq)?.outgoing?.status).toBe('no-echo');
    expect(updates.at(-1)).toMatchObject({ seq: a.seq, outgoing: { status: 'no-echo' } });
  });

  it('frames that are not user messages (auth, raw) are just sent', () => {
    const { sink } = setup();
    const auth = sink.appendOutbound(decodeOutgoing('v1-events', JSON.stringify({ type: 'auth', session_api_key: 'sk-x' })), { via: 'socket', status: 'sent' });
    expect(auth.outgoing?.status).toBe('sent');
    expect(auth.raw).not.toContain('sk-x');
  });
});

describe('history never echoes a send (ServerHorizon)', () => {
  const message = (text: string) => ({ kind: 'MessageEvent', source: 'user', llm_message: { role: 'user', content: [{ type: 'text', text }] }, activated_skills: [], extended_content: [] });
  const durable = (seq: number, text: string) => decodeFrame('v1-session', JSON.stringify({ type: 'durable', seq, event: { ...message(text), id: `s${seq}`, timestamp: `2026-08-22T14:00:00.${String(seq).padStart(6, '0')}` } }));
  const sync = (through: number) => decodeFrame('v1-session', JSON.stringify({ type: 'sync', from_seq: null, through_seq: through }));
  const stamped = (id: string, timestamp: string, text: string, kind = 'MessageEvent') => decodeFrame('v1-events', JSON.stringify(kind === 'MessageEvent'
    ? { ...message(text), id, timestamp }
    : { kind, id, timestamp, source: 'environment', key: 'full_state', value: {} }));
  const v0Message = (id: number, text: string) => decodeFrame('v0-socketio', JSON.stringify({ id, timestamp: '2025-11-03T10:15:02.118', source: 'user', message: text, action: 'message', args: { content: text } }));

  function wired(protocol: 'v1-session' | 'v1-events' | 'v0-socketio') {
    const clock = new FakeClock();
    const parts = createConversationSink({
      key: 'k', target: { serverUrl: 'http://127.0.0.1:1', conversationId: 'c', protocol }, clock, echoTimeoutMs: 60_000,
      onRecord: () => undefined, onRecordUpdated: () => undefined, onSocketStatus: () => undefined,
    });
    const joinWatch = new V0JoinGapWatch(clock, () => undefined, 2_000);
    const horizon = new ServerHorizon(joinWatch);
    parts.echo.useHorizon(horizon);
    const sink = horizon.wrap(joinWatch.wrap(parts.sink));
    const send = (raw: string) => sink.appendOutbound(decodeOutgoing(protocol, raw), { via: 'socket', status: 'sent' });
    const linked = (seq: number) => { const out = parts.log.get(seq)?.outgoing; return out?.echoSeq === undefined ? out?.status : parts.log.get(out.echoSeq)?.eventId; };
    return { clock, sink, send, linked, joinWatch };
  }

  it('session socket: nothing at or below the sync\'s through_seq; the first event past it', () => {
    const { sink, send, linked } = wired('v1-session');
    sink.appendInbound(sync(5), 'socket');
    sink.appendInbound(durable(0, 'a'), 'socket');
    const a = send(userMessage('hello'));
    sink.appendInbound(durable(3, 'hello'), 'socket'); // yesterday's, replayed after the send
    expect(linked(a.seq)).toBe('pending');
    sink.appendInbound(durable(6, 'hello'), 'socket');
    expect(linked(a.seq)).toBe('s6');
  });

  it('session socket: a send before a reconnect is echoed by the next connection\'s replay (it resumes past it)', () => {
    const { sink, send, linked } = wired('v1-session');
    sink.appendInbound(sync(2), 'socket');
    sink.appendInbound(durable(2, 'hello'), 'socket');
    const a = send(userMessage('hello')); // over REST while the socket was down, say
    sink.appendInbound(sync(3), 'socket'); // the next connection, after_seq=2
    sink.appendInbound(durable(3, 'hello'), 'socket');
    expect(linked(a.seq)).toBe('s3');
  });

  it('events socket: nothing stamped at or before the newest stamp held at the send (the subscribe snapshot included)', () => {
    const { sink, send, linked } = wired('v1-events');
    sink.appendInbound(stamped('snap', '2026-08-22T14:00:05.000000', '', 'ConversationStateUpdateEvent'), 'socket');
    sink.appendInbound(stamped('e1', '2026-08-22T13:00:00.000000', 'a'), 'socket');
    const a = send(userMessage('hello'));
    sink.appendInbound(stamped('old', '2026-08-22T13:30:00.000000', 'hello'), 'socket');
    expect(linked(a.seq)).toBe('pending');
    sink.appendInbound(stamped('ours', '2026-08-22T14:00:06.000000', 'hello'), 'socket');
    expect(linked(a.seq)).toBe('ours');
  });

  it('V0: in one replay burst the newest identical message takes the link; after the burst, another client\'s does not', () => {
    const { clock, sink, send, linked, joinWatch } = wired('v0-socketio');
    joinWatch.opened(-1);
    sink.appendInbound(v0Message(1, 'a'), 'socket');
    const a = send(JSON.stringify({ action: 'message', args: { content: 'hello' } }));
    clock.advance(100);
    sink.appendInbound(v0Message(5, 'hello'), 'socket'); // replayed: provisionally linked
    expect(linked(a.seq)).toBe('5');
    clock.advance(100);
    sink.appendInbound(v0Message(9, 'hello'), 'socket'); // newer, same replay: the echo
    expect(linked(a.seq)).toBe('9');
    clock.advance(5_000);
    sink.appendInbound(v0Message(10, 'a'), 'socket'); // the first live frame: the replay is over
    sink.appendInbound(v0Message(11, 'hello'), 'socket'); // another client's, later
    expect(linked(a.seq)).toBe('9');
  });

  it('V0: a send after the replay is echoed at once, even within the join watch\'s quiet spell', () => {
    const { clock, sink, send, linked, joinWatch } = wired('v0-socketio');
    joinWatch.opened(4);
    const a = send(JSON.stringify({ action: 'message', args: { content: 'hello' } }));
    clock.advance(500);
    sink.appendInbound(v0Message(5, 'hello'), 'socket');
    expect(linked(a.seq)).toBe('5');
  });
});
