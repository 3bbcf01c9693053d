import { describe, expect, it } from 'vitest';
import { EventLog } from '../../../src/background/event-log';
import { toFrame } from '../../../src/background/resume/event-pages';
import { planReplay } from '../../../src/server/replay/plan';
import type { LogRecord } from '../../../src/shared/record';
import { readRecording, writeHar, writeNdjson, type RecordingHeader } from '../../../src/shared/recording/index';
import { V1_EXAMPLES } from '../../fixtures/protocol/examples';
import { collect, CONVERSATION, KEY, SERVER } from './make-records';

const header: RecordingHeader = {
  format: 'conversation-devtools-recording', version: 1, server: SERVER, conversationId: CONVERSATION, protocol: 'v1-session',
  tool: { name: 'conversation-devtools', version: '0.1.0' }, createdAt: '2026-11-25T14:00:00.000Z',
};
const write = { ndjson: writeNdjson, har: writeHar } as const;
const raw = V1_EXAMPLES['ActionEvent_TerminalAction']!;
const shown = (r: LogRecord | undefined) => r && { validity: r.validity, kind: r.kind, eventId: r.eventId, protocol: r.protocol };

/** A session-socket log holding an event loaded over REST (newest-first backfill, SW restore, oversized event). */
function restRecordOfSessionLog(): LogRecord {
  const log = new EventLog({ conversationKey: KEY, protocol: 'v1-session', now: () => 1_764_000_000_000 });
  const [record] = log.prependHistory([toFrame({ event: JSON.parse(raw), raw })]);
  return record!;
}

describe('a session-socket log holding events loaded over REST', () => {
  it('stamps them with the protocol they were decoded as (v1-events), not the log\'s', () => {
    expect(shown(restRecordOfSessionLog())).toEqual({ validity: 'ok', kind: 'ActionEvent', eventId: expect.any(String), protocol: 'v1-events' });
  });

  it.each(['ndjson', 'har'] as const)('%s export → import keeps it a valid ActionEvent', async (format) => {
    const live = restRecordOfSessionLog();
    const [back] = (await readRecording([await collect(write[format](header, [live]))])).records;
    expect(shown(back)).toEqual(shown(live));
  });

  it('the replay server replays it as a durable event', () => {
    const plan = planReplay([restRecordOfSessionLog()], CONVERSATION, 'v1-session');
    expect(plan.steps.map((s) => s.type)).toEqual(['durable']);
  });
});

describe('files written before records kept their own protocol (a bare event stamped v1-session)', () => {
  const stale = (): LogRecord => ({ ...restRecordOfSessionLog(), protocol: 'v1-session' });

  it.each(['ndjson', 'har'] as const)('%s: the bare event still imports as a valid ActionEvent', async (format) => {
    const [back] = (await readRecording([await collect(write[format](header, [stale()]))])).records;
    expect(shown(back)).toEqual({ validity: 'ok', kind: 'ActionEvent', eventId: restRecordOfSessionLog().eventId, protocol: 'v1-events' });
  });

  it('a session frame without a type stays an invalid session frame', async () => {
    const text = `${JSON.stringify(header)}\n${JSON.stringify({ seq: 1, direction: 'in', receivedAt: 1, raw: '{"seq":3,"event":{}}' })}\n`;
    const [back] = (await readRecording([text])).records;
    expect({ validity: back?.validity, protocol: back?.protocol }).toEqual({ validity: 'invalid', protocol: 'v1-session' });
  });

  it('the replay server replays it, durable or transient as the real server would', () => {
    const delta = JSON.stringify({ kind: 'StreamingDeltaEvent', id: 'd1', timestamp: '2026-01-01T00:00:00', source: 'agent', content: 'hi' });
    const transient: LogRecord = { ...stale(), seq: 2, raw: delta };
    expect(planReplay([stale(), transient], CONVERSATION, 'v1-session').steps.map((s) => s.type)).toEqual(['durable', 'transient']);
  });
});
