import type { LogRecord } from '../../../src/shared/record';
import { decodeFrame } from '../../../src/shared/protocol/decode-frame';
import { V1_EXAMPLES } from '../../fixtures/protocol/v1-examples';

const EXAMPLES = Object.values(V1_EXAMPLES);

/** `count` real decoded V1 records, seq from `firstSeq`, receivedAt from `offsets` (ms). */
export function recordsAt(offsets: readonly number[], firstSeq = 1): LogRecord[] {
  return offsets.map((at, i) => ({
    ...decodeFrame('v1-events', EXAMPLES[i % EXAMPLES.length] as string),
    seq: firstSeq + i, conversationKey: 'k', direction: 'in' as const, receivedAt: at, protocol: 'v1-events' as const,
  }));
}
