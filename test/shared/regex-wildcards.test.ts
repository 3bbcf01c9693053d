// Patterns whose backtracking grows polynomially with a payload's length: a leading or trailing
// wildcard is dropped (it cannot change a yes/no match), two unbounded wildcards on one path are
// refused. Asserted on the rewrite and the refusal, not on timings.
import { describe, expect, it } from 'vitest';
import { wildcardRunAt, withoutOuterWildcards } from '../../src/shared/regex-wildcards';
import { parseTextQuery } from '../../src/shared/text-query';

const run = (pattern: string, flags = '') => {
  const at = wildcardRunAt(pattern, flags);
  return at === null ? null : pattern.slice(at.start, at.end);
};

describe('withoutOuterWildcards', () => {
  it('drops a leading unanchored .* and a trailing .* (lazy ones too), repeatedly', () => {
    expect(withoutOuterWildcards('.*error.*timeout')).toBe('error.*timeout');
    expect(withoutOuterWildcards('.*.*?error.*.*')).toBe('error');
    expect(withoutOuterWildcards('.*?a|b.*?')).toBe('a|b');
    expect(withoutOuterWildcards('.*')).toBe('');
  });

  it('keeps one character for .+ and leaves anchors, escaped dots and groups alone', () => {
    expect(withoutOuterWildcards('.+error.+')).toBe('.error.');
    expect(withoutOuterWildcards('^.*error$')).toBe('^.*error$');
    expect(withoutOuterWildcards('error\\.*')).toBe('error\\.*'); // any number of literal dots
    expect(withoutOuterWildcards('error\\\\.*')).toBe('error\\\\'); // a backslash, then the wildcard
    expect(withoutOuterWildcards('(.*error)')).toBe('(.*error)');
    expect(withoutOuterWildcards('[.*]')).toBe('[.*]');
  });

  it('matches exactly what the pattern as typed matches', () => {
    const patterns = ['.*error.*timeout', '.+error', 'error.+', '.*a|b.*', '.*?x.*?', '.*\\bword\\b.*', '.+(?<=a)b'];
    const texts = ['', 'error', 'an error then a timeout', 'error\ntimeout', 'xerror', 'errorx', 'a', 'b', 'ab', 'x', 'a word.', 'sword'];
    for (const pattern of patterns) {
      for (const flags of ['', 's', 'i']) {
        const typed = new RegExp(pattern, flags);
        const rewritten = new RegExp(withoutOuterWildcards(pattern), flags);
        for (const text of texts) expect(rewritten.test(text), `/${pattern}/${flags} on ${JSON.stringify(text)}`).toBe(typed.test(text));
      }
    }
  });
});

describe('wildcardRunAt', () => {
  it('finds two unbounded wildcards on one path, with or without text between them', () => {
    expect(run('error.*code.*timeout')).toBe('.*code.*');
    expect(run('error.*.*timeout')).toBe('.*.*');
    expect(run('a[^"]*b[^"]*c')).toBe('[^"]*b[^"]*');
    expect(run('a\\S+b.+c')).toBe('\\S+b.+');
    expect(run('a[\\s\\S]*?b\\W{2,}c')).toBe('[\\s\\S]*?b\\W{2,}');
    expect(run('a(.*|b).*c')).toBe('.*|b).*');
    expect(run('x(?:.*)?y.*z')).toBe('.*)?y.*');
    expect(run('a.*(?=.*b)')).toBe('.*(?=.*'); // the lookahead runs at every place the first may stop
  });

  it('lets one wildcard per path through, and bounded or narrow repeats', () => {
    expect(run('error.*timeout')).toBeNull();
    expect(run('(a.*)|(b.*)')).toBeNull();
    expect(run('a(?=.*b).*c')).toBeNull(); // the lookahead runs once per `a`
    expect(run('a.{0,200}b.*c')).toBeNull();
    expect(run('a[a-z]*b\\w+c.*d')).toBeNull();
    expect(run('\\.*a\\.*')).toBeNull();
  });
});

describe('parseTextQuery and wildcards', () => {
  it('runs /.*X/ as /X/: the outer wildcards go before the others are counted', () => {
    const query = parseTextQuery('/.*error.*timeout/');
    expect(query.ok && query.test('npm ERR! error: connect timeout')).toBe(true);
    expect(query.ok && query.test('npm ERR! error code 42')).toBe(false);
    const padded = parseTextQuery('/.*.*needle.*?.*/i');
    expect(padded.ok && padded.test('hay NEEDLE hay')).toBe(true);
  });

  it('refuses two wildcards in a row with the part of the pattern and what to write instead', () => {
    const query = parseTextQuery('/.*error.*code.*timeout/');
    expect(query.ok).toBe(false);
    expect(!query.ok && query.error).toMatch(/^Regular expression not run: \.\*code\.\* has two unbounded wildcards/);
    expect(!query.ok && query.error).toMatch(/error\.\{0,200\}code\.\*timeout/);
  });

  it('still names a syntax error in the pattern as typed', () => {
    expect(parseTextQuery('/.*(/')).toMatchObject({ ok: false, error: expect.stringMatching(/^Invalid regular expression: \/\.\*\(\//) });
  });
});
