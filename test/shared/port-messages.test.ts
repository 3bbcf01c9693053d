import { describe, expect, it } from 'vitest';
import { BackgroundToPanelSchema } from '../../src/shared/port/messages';

describe('port envelopes', () => {
  it('accept a successful result whose undefined value Chrome dropped in JSON transit', () => {
    const sent = { type: 'result', requestId: 'r1', ok: true, value: undefined };
    const received: unknown = JSON.parse(JSON.stringify(sent));
    expect(received).not.toHaveProperty('value');
    expect(BackgroundToPanelSchema.safeParse(received).success).toBe(true);
  });

  it('refuse a failed result without its error text', () => {
    expect(BackgroundToPanelSchema.safeParse({ type: 'result', requestId: 'r1', ok: false }).success).toBe(false);
  });
});
