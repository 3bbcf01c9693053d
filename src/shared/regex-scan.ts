/**
 * A small scanner over JavaScript regex source, shared by the checks that refuse slow patterns
 * (regex-risk, regex-wildcards): where an escape, a character class or a group prefix ends, and
 * what a quantifier allows. It reads lookbehind, named groups, `\p{…}` and the `v` flag's
 * nested classes, which the `ret` parser behind safe-regex2 rejects.
 */

/** `*`, `+`, `?` or `{n}`, `{n,}`, `{n,m}` at `i`; it repeats when it may match more than once; `min` 0 makes its atom optional. */
export function quantifierAt(pattern: string, i: number): { end: number; repeats: boolean; min: number; max: number } | null {
  const c = pattern[i];
  if (c === '*') return { end: i + 1, repeats: true, min: 0, max: Infinity };
  if (c === '+') return { end: i + 1, repeats: true, min: 1, max: Infinity };
  if (c === '?') return { end: i + 1, repeats: false, min: 0, max: 1 };
  if (c !== '{') return null;
  const braces = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i, i + 24));
  if (!braces) return null; // a literal brace outside unicode mode
  const max = braces[2] === undefined ? Number(braces[1]) : braces[3] === '' ? Infinity : Number(braces[3]);
  return { end: i + braces[0].length, repeats: max > 1, min: Number(braces[1]), max };
}

/** Index after the escape starting at `i` (`\p{…}`, `\u{…}` and `\k<…>` included). */
export function afterEscape(pattern: string, i: number): number {
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
export function afterClass(pattern: string, i: number, nested: boolean): number {
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
export function afterGroupPrefix(pattern: string, i: number): number {
  if (pattern[i] !== '?') return i;
  const prefix = /^\?(?:[:=!]|<[=!]|<[^>]*>|[a-z]*(?:-[a-z]*)?:)/.exec(pattern.slice(i, i + 256));
  return prefix ? i + prefix[0].length : i + 1;
}
