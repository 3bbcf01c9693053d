/**
 * Finds the regex shape that backtracks exponentially: a repeated group that itself contains a
 * repeat, as in `(\w+\s?)+$` (28 word characters and a `!` took V8 27 s). JavaScript cannot
 * interrupt a running `RegExp.test`, and the filter text runs over every payload in the SW,
 * whose thread also carries every live connection, so such a pattern is refused up front.
 *
 * It is the star-height test of safe-regex, on our own small scanner so that lookbehind, named
 * groups and `\p{…}` (which the `ret` parser behind safe-regex2 rejects) are read correctly. It
 * does not catch every slow pattern: overlapping alternatives such as `(a|a)*` pass.
 */

/** The risky group with its quantifier (`start`..`end` in the pattern), or null when the pattern is safe. */
export function nestedRepeatAt(pattern: string, flags = ''): { start: number; end: number } | null {
  const unicodeSets = flags.includes('v');
  /** One open group: where it starts and whether anything inside it repeats. */
  const groups: Array<{ start: number; repeats: boolean }> = [{ start: 0, repeats: false }];
  /** What a quantifier right here would apply to. */
  let atom: { group: boolean; start: number; repeats: boolean } | null = null;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      atom = { group: false, start: i, repeats: false };
      i = afterEscape(pattern, i);
    } else if (c === '[') {
      atom = { group: false, start: i, repeats: false };
      i = afterClass(pattern, i, unicodeSets);
    } else if (c === '(') {
      groups.push({ start: i, repeats: false });
      atom = null;
      i = afterGroupPrefix(pattern, i + 1);
    } else if (c === ')') {
      const closed = groups.length > 1 ? groups.pop()! : { start: i, repeats: false };
      atom = { group: true, start: closed.start, repeats: closed.repeats };
      groups[groups.length - 1]!.repeats ||= closed.repeats;
      i += 1;
    } else if (c === '|') {
      atom = null;
      i += 1;
    } else {
      const quantifier = quantifierAt(pattern, i);
      if (quantifier === null) {
        atom = { group: false, start: i, repeats: false };
        i += 1;
        continue;
      }
      const end = pattern[quantifier.end] === '?' ? quantifier.end + 1 : quantifier.end; // lazy
      if (quantifier.repeats) {
        if (atom?.group && atom.repeats) return { start: atom.start, end };
        groups[groups.length - 1]!.repeats = true;
      }
      atom = null;
      i = end;
    }
  }
  return null;
}

/** `*`, `+`, `?` or `{n}`, `{n,}`, `{n,m}` at `i`; it repeats when it may match more than once. */
function quantifierAt(pattern: string, i: number): { end: number; repeats: boolean } | null {
  const c = pattern[i];
  if (c === '*' || c === '+') return { end: i + 1, repeats: true };
  if (c === '?') return { end: i + 1, repeats: false };
  if (c !== '{') return null;
  const braces = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i, i + 24));
  if (!braces) return null; // a literal brace outside unicode mode
  const max = braces[2] === undefined ? Number(braces[1]) : braces[3] === '' ? Infinity : Number(braces[3]);
  return { end: i + braces[0].length, repeats: max > 1 };
}

/** Index after the escape starting at `i` (`\p{…}`, `\u{…}` and `\k<…>` included). */
function afterEscape(pattern: string, i: number): number {
  const next = pattern[i + 1];
  if ((next === 'p' || next === 'P' || next === 'u') && pattern[i + 2] === '{') {
    const close = pattern.indexOf('}', i + 3);
    return close < 0 ? i + 2 : close + 1;
  }
  if (next === 'k' && pattern[i + 2] === '<') {
    const close = pattern.indexOf('>', i + 3);
    return close < 0 ? i + 2 : close + 1;
  }
  return i + 2;
}

/** Index after the character class opening at `i`; with the `v` flag classes nest. */
function afterClass(pattern: string, i: number, nested: boolean): number {
  let depth = 0;
  for (let j = i; j < pattern.length; j += 1) {
    const c = pattern[j];
    if (c === '\\') j += 1;
    else if (c === '[' && (depth === 0 || nested)) depth += 1;
    else if (c === ']' && (depth -= 1) === 0) return j + 1;
  }
  return pattern.length;
}

/** Index after `?:`, `?=`, `?!`, `?<=`, `?<!`, `?<name>` or a modifier group's `?ims-ims:`. */
function afterGroupPrefix(pattern: string, i: number): number {
  if (pattern[i] !== '?') return i;
  const prefix = /^\?(?:[:=!]|<[=!]|<[^>]*>|[a-z]*(?:-[a-z]*)?:)/.exec(pattern.slice(i, i + 256));
  return prefix ? i + prefix[0].length : i + 1;
}
