import { describe, expect, it } from 'vitest';
import { runawayGroupAt } from '../../src/shared/regex-risk';
import { parseTextQuery } from '../../src/shared/text-query';

const risky = (pattern: string, flags = '') => {
  const at = runawayGroupAt(pattern, flags);
  return at === null ? null : pattern.slice(at.start, at.end);
};
const shapeOf = (pattern: string, flags = '') => runawayGroupAt(pattern, flags)?.shape ?? null;

describe('runawayGroupAt: nested repeats', () => {
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

describe('runawayGroupAt: overlapping alternatives', () => {
  it('finds a repeated group whose alternatives can start alike, and names it', () => {
    // 26 characters: 6-8 s each in V8 (a \w matches every digit, . matches a).
    expect(risky(String.raw`(\w|\d)+$`)).toBe(String.raw`(\w|\d)+`);
    expect(shapeOf(String.raw`(\w|\d)+$`)).toBe('overlapping-alternatives');
    expect(risky('(a|a)*b')).toBe('(a|a)*');
    expect(risky('x(?:a|.)*b')).toBe('(?:a|.)*');
    expect(risky(String.raw`(x|\w)+!`)).toBe(String.raw`(x|\w)+`);
    expect(risky('(A|a)+', 'i')).toBe('(A|a)+');
    expect(risky('(a|[ab])+')).toBe('(a|[ab])+');
  });

  it('counts an empty alternative and an optional first atom as starting with anything', () => {
    expect(risky('(a|)+')).toBe('(a|)+');
    expect(risky('(b?a|b)+')).toBe('(b?a|b)+');
    expect(risky('(x|(y))+')).toBe('(x|(y))+');
  });

  it('an overlapping alternation deeper inside the repeated group counts too', () => {
    expect(risky('((a|a)b)+')).toBe('((a|a)b)+');
  });

  it('passes alternatives that start differently, and overlapping ones that do not repeat', () => {
    for (const pattern of [
      '(foo|bar)+', String.raw`(\s|,)+x`, String.raw`(\d|x)+`, String.raw`(\.|\s)+`, '(A|a)+', '(a[bc])+', '(a|a)b', '(?:error|warn)',
      String.raw`(\w|\d)?`, '(a|b){1}',
    ]) expect(risky(pattern), pattern).toBeNull();
  });
});

describe('runawayGroupAt: a few repeats of a bounded group', () => {
  it('passes a group repeated at most four times with only bounded repeats inside', () => {
    for (const pattern of [String.raw`(\d{1,3}\.){3}\d{1,3}`, '([0-9a-f]{1,4}:){4}', '(a|b|a){2}', String.raw`(\w|\d){4}`]) {
      expect(risky(pattern), pattern).toBeNull();
    }
  });

  it('refuses it repeated without bound, more than four times, or with an unbounded repeat inside', () => {
    expect(risky(String.raw`(\d{1,3}\.)+`)).toBe(String.raw`(\d{1,3}\.)+`);
    expect(risky(String.raw`(\d{1,3}){5}`)).toBe(String.raw`(\d{1,3}){5}`);
    expect(risky('(a|a){5}')).toBe('(a|a){5}');
    expect(risky('(a+){2}')).toBe('(a+){2}');
    expect(risky(String.raw`((\d{1,3}\.){3})+`)).toBe(String.raw`((\d{1,3}\.){3})+`);
  });
});

describe('parseTextQuery with a pattern that backtracks exponentially', () => {
  it('is an error that names the group, so the filter never runs it', () => {
    const query = parseTextQuery(String.raw`/(\w+\s?)+$/`);
    expect(query.ok).toBe(false);
    expect(!query.ok && query.error).toContain(String.raw`(\w+\s?)+`);
    expect(!query.ok && query.error).toMatch(/exponential/);
  });

  it('says when the alternatives are the trouble, and how to rewrite them', () => {
    const query = parseTextQuery(String.raw`/(\w|\d)+$/`);
    expect(query.ok).toBe(false);
    expect(!query.ok && query.error).toContain(String.raw`(\w|\d)+`);
    expect(!query.ok && query.error).toMatch(/alternatives that can start with the same character/);
    expect(!query.ok && query.error).toMatch(/character class/);
  });

  it('a literal text with the same characters is still a literal', () => {
    const query = parseTextQuery(String.raw`(\w+\s?)+$`);
    expect(query.ok && query.test(String.raw`x (\w+\s?)+$ y`)).toBe(true);
  });
});
