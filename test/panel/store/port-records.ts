/** Demo-mix-like records as the panel receives them over the port (structured clones). */
import type { LogRecord } from '../../../src/shared/record';

export const KEY = 'http://127.0.0.1:3000#0f8fad5b-d9cb-469f-a165-70867728950e';

/** A demo-mix-like record: unique raw, ids, time and summary; enum-ish fields as every event has them. */
function record(seq: number): LogRecord {
  const eventId = `ev-${String(seq).padStart(8, '0')}-4f1c-9a7e-3b2d5c6e7f80`;
  const actionId = `${ACTION_ID_PREFIX}${String(seq).padStart(8, '0')}-7d1b-4e8a-b5c4-0a1b2c3d4e5f`;
  const timestamp = `2026-11-25T12:00:00.${String(seq % 1e6).padStart(6, '0')}`;
  const raw = JSON.stringify({ id: eventId, timestamp, kind: 'ObservationEvent', source: 'environment', action_id: actionId, observation: { kind: 'TerminalObservation', output: `line ${seq}` } });
  return {
    validity: 'ok', raw, rawEncoding: 'text', size: raw.length, frameType: 'event', category: 'observation',
    eventId, kind: 'ObservationEvent', nestedKind: 'TerminalObservation', source: 'environment',
    actionId, summary: `ObservationEvent TerminalObservation line ${seq}`,
    ...(seq % 3 === 0 ? { stateKey: 'execution_status' } : {}),
    seq, conversationKey: KEY, direction: 'in', receivedAt: 1_764_000_000_000 + seq, protocol: 'v1-events',
  };
}

/** How every record's action id starts (heap tests count strings by it). */
export const ACTION_ID_PREFIX = 'ac-';

/** What the port delivers: a structured clone, one fresh heap string per property value. */
export const overThePort = (count: number): LogRecord[] => structuredClone(Array.from({ length: count }, (_, i) => record(i + 1)));
