/**
 * An imported file with a time no Date can hold (receivedAt 1e17, a HAR time of 1e14 s) made the
 * panel's `toISOString` throw and blanked the event log. The line is now reported and skipped,
 * and every other record still comes in.
 */
import { describe, expect, it } from 'vitest';
import { readRecording } from '../../../src/shared/recording/index';
import { V1_EXAMPLES } from '../../fixtures/protocol/examples';
import { chromeHar, chromeSocketEntry } from './chrome-har';

const header = {
  format: 'conversation-devtools-recording', version: 1, server: 'http://localhost:8000', conversationId: 'c1', protocol: 'v1-events',
  tool: { name: 'x', version: '1' }, createdAt: '2026-01-01T00:00:00Z',
};
const event = (id: string) => JSON.stringify({ kind: 'PauseEvent', id, timestamp: '2026-01-01T00:00:00', source: 'user' });

describe('an imported time outside the range of a date', () => {
  it('NDJSON: the line is reported as invalid, the records around it kept', async () => {
    const lines = [header,
      { seq: 1, direction: 'in', receivedAt: 1_764_079_200_000, raw: event('e-1') },
      { seq: 2, direction: 'in', receivedAt: 1e17, raw: event('e-2') },
      { seq: 3, direction: 'in', receivedAt: -1e17, raw: event('e-3') },
      { seq: 4, direction: 'in', receivedAt: 1_764_079_200_001, raw: event('e-4') }];
    const result = await readRecording([lines.map((l) => JSON.stringify(l)).join('\n')]);
    expect(result.records.map((r) => r.eventId)).toEqual(['e-1', 'e-4']);
    expect(result.errors).toEqual([
      { line: 3, message: 'invalid record: receivedAt: after any date' },
      { line: 4, message: 'invalid record: receivedAt: before any date' },
    ]);
  });

  it('HAR: the message is reported as invalid, the others kept', async () => {
    const action = V1_EXAMPLES['ActionEvent_TerminalAction'] ?? '';
    const har = chromeHar([chromeSocketEntry('ws://localhost:8000/sockets/events/conv-bad-time?resend_mode=all', 1_764_079_200, [
      ['receive', 0.1, 1, event('h-1')], ['receive', 1e14, 1, event('h-2')], ['receive', 0.2, 1, action],
    ])]);
    const result = await readRecording([JSON.stringify(har)]);
    expect(result.records.filter((r) => r.direction === 'in').map((r) => r.kind)).toEqual(['PauseEvent', 'ActionEvent']);
    expect(result.errors.map((e) => e.message)).toEqual([expect.stringMatching(/_webSocketMessages\[1\]\.time: after any date$/)]);
  });
});
