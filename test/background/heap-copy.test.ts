import { describe, expect, it } from 'vitest';
import { heapCopy } from '../../src/background/heap-copy';

describe('heapCopy', () => {
  it('returns text equal to its input, code unit for code unit', () => {
    const samples = [
      '',
      '{"kind":"MessageEvent","text":"plain ascii"}',
      '{"text":"Done — the handler now returns 201. ✓ 日本語 🙂"}',
      'escapes stay text: \\" \\n \\u0041 \u0000 \u001f',
      'lone surrogates: \ud800 and \udfff',
      'x'.repeat(100_000),
    ];
    for (const text of samples) {
      const copy = heapCopy(text);
      expect(copy).toBe(text);
      expect(copy.length).toBe(text.length);
    }
  });
});
