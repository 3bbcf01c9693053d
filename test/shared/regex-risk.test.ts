import { describe, expect, it } from 'vitest';
import { nestedRepeatAt } from '../../src/shared/regex-risk';
import { parseTextQuery } from '../../src/shared/text-query';

const risky = (pattern: string, flags = '') => {
  const at = nestedRepeatAt(pattern, flags);
  return at === null ? null : pattern.slice(at.start, at.end);
};

describe('nestedRepeatAt', () => {
  it('finds a repeated group with a repeat inside, and names it', () => {
    expect(risky(String.raw`(\w+\s?)+$`)).toBe(String.raw`(\w+\s?)+`);
    expect(risky('(a+)+b')).toBe('(a+)+');
    expect(risky('x(?:a*)*')).toBe('(?:a*)*');
    expect(risky('((ab)*)+')).toBe('((ab)*)+');
    expect(risky('(x+x+){2,}y')).toBe('(x+x+){2,}');
    expect(risky('(.*a){12}')).toBe('(.*a){12}');
    expect(risky('(?<word>[a-z]+)*')).toBe('(?<word>[a-z]+)*');
    expect(risky('(?<=x)(a+?)+?')).toBe('(a+?)+?');
  });

  it('a repeat two groups down counts too', () => {
    expect(risky('((?:a+)b)+')).toBe('((?:a+)b)+');
  });

  it('passes patterns with one level of repeats', () => {
    for (const pattern of [
      String.raw`exit_code":\s*1\b`, '"kind":\\s*"(Action|Observation)Event"', '(ab)+', '(a+)?b', '(a+){1}', '(?:a+){0,1}',
      '[a-z]+@[a-z]+', String.raw`\p{L}+`, String.raw`(?<=x)a+`, String.raw`(?<n>a)\k<n>+`, 'a{2}b{3,}', 'foo|bar',
    ]) expect(risky(pattern), pattern).toBeNull();
  });

  it('reads quantifier characters inside classes, escapes and braces as literals', () => {
    expect(risky(String.raw`([+*])+`)).toBeNull();
    expect(risky(String.raw`(\+\*)+`)).toBeNull();
    expect(risky(String.raw`(\p{L})+`, 'u')).toBeNull();
    expect(risky('(a{x})+')).toBeNull();
    expect(risky('([)+])+')).toBeNull();
    expect(risky('([[a-z]--[aeiou]]+)+', 'v')).toBe('([[a-z]--[aeiou]]+)+');
  });
});

describe('parseTextQuery with a pattern that backtracks exponentially', () => {
  it('is an error that names the group, so the filter never runs it', () => {
    const query = parseTextQuery(String.raw`/(\w+\s?)+$/`);
    expect(query.ok).toBe(false);
    expect(!query.ok && query.error).toContain(String.raw`(\w+\s?)+`);
    expect(!query.ok && query.error).toMatch(/exponential/);
  });

  it('a literal text with the same characters is still a literal', () => {
    const query = parseTextQuery(String.raw`(\w+\s?)+$`);
    expect(query.ok && query.test(String.raw`x (\w+\s?)+$ y`)).toBe(true);
  });
});
