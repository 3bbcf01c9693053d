import { describe, expect, it } from 'vitest';
import { buildExportBlob } from '../../../src/panel/components/recording/export-file';
import { deriveState } from '../../../src/shared/conversation-state';
import { decodeFrame } from '../../../src/shared/protocol/decode-frame';
import type { LogRecord } from '../../../src/shared/record';
import { readRecording, RECORDING_FORMAT, type RecordingHeader } from '../../../src/shared/recording';
import { V1_EXAMPLES } from '../../fixtures/protocol/v1-examples';

const header = (protocol: RecordingHeader['protocol']): RecordingHeader => ({
  format: RECORDING_FORMAT, version: 1, server: 'http://h', conversationId: 'c', protocol, tool: { name: 't', version: '1' }, createdAt: '2026-01-01T00:00:00.000Z',
});
const shown = (r: LogRecord | undefined) => r && { validity: r.validity, kind: r.kind, eventId: r.eventId, summary: r.summary, category: r.category, frameType: r.frameType, rawTruncated: r.rawTruncated };

describe('a record the panel holds only as a listing, whose payload the SW no longer has (evicted by its byte cap)', () => {
  const full: LogRecord = { ...decodeFrame('v1-events', V1_EXAMPLES['ActionEvent_TerminalAction']!), seq: 1, conversationKey: 'k', direction: 'in', receivedAt: 1000, protocol: 'v1-events' };

  it.each(['ndjson', 'har'] as const)('%s: keeps what the panel showed (kind, id, summary) and the state it folds to', async (format) => {
    for (const listing of [{ ...full, raw: '', rawTruncated: true }, { ...full, raw: full.raw.slice(0, 40), rawTruncated: true }]) {
      const blob = await buildExportBlob({ header: header('v1-events'), records: [listing], format, loadFull: async () => [] /* SW: not held any more */ });
      const result = await readRecording([await blob.text()]);
      expect(result.errors).toEqual([]);
      const [back] = result.records;
      expect(shown(back)).toEqual(shown(listing));
      expect(back?.raw).toBe(listing.raw);
      expect(deriveState([back!]).pendingActions).toEqual(deriveState([listing]).pendingActions);
    }
  });

  it('V0 HAR: a cut raw is written as it is, not framed as a Socket.IO packet it is not', async () => {
    const raw = '{"id": 7, "timestamp": "2025-11-03T10:15:02.118", "source": "agent", "observation": "run", "content": "ok", "extras": {}, "message": "ran"}';
    const listing: LogRecord = { ...decodeFrame('v0-socketio', raw), raw: raw.slice(0, 30), rawTruncated: true, seq: 1, conversationKey: 'k', direction: 'in', receivedAt: 1000, protocol: 'v0-socketio' };
    const blob = await buildExportBlob({ header: header('v0-socketio'), records: [listing], format: 'har' });
    const har = JSON.parse(await blob.text());
    expect(har.log.entries[0]._webSocketMessages[0].data).toBe(listing.raw);
    const [back] = (await readRecording([JSON.stringify(har)])).records;
    expect({ ...shown(back), raw: back?.raw }).toEqual({ ...shown(listing), raw: listing.raw });
  });
});
