import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from '../../../src/shared/backoff';
import { closeVerdict, isLoopback } from '../../../src/background/conversation-socket-policy';

describe('backoff math', () => {
  it('doubles from the base up to the cap, with no jitter at random = 0.5', () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(DEFAULT_BACKOFF, n, 0.5))).toEqual([1000, 2000, 4000, 8000, 15000, 15000]);
  });
  it('jitters by ±50 % from the injected random', () => {
    expect(backoffDelay(DEFAULT_BACKOFF, 2, 0)).toBe(2000);
    expect(backoffDelay(DEFAULT_BACKOFF, 2, 1)).toBe(6000);
  });
  it('switches to slow mode after the failure limit', () => {
    expect(backoffDelay(DEFAULT_BACKOFF, 10, 0.5)).toBe(DEFAULT_BACKOFF.slowDelayMs);
  });
});

describe('close-code policy and loopback', () => {
  it('classifies close codes', () => {
    expect([4001, 4004, 1008, 1013, 1000, 1006, 1011].map(closeVerdict)).toEqual(['failed', 'failed', 'failed', 'slow-retry', 'retry', 'retry', 'retry']);
  });
  it('knows loopback hosts', () => {
    expect(['http://localhost:3000', 'http://127.0.0.1:8000/x', 'http://[::1]:1', 'https://agent.example'].map(isLoopback)).toEqual([true, true, true, false]);
  });
});
