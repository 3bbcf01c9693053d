/**
 * Polynomial backtracking from unbounded wildcards (`.*`, `.+`, `[^"]*`, `\S+`). Where the
 * pattern does not match, a backtracking engine tries every start position and, for each
 * wildcard on the way, every place the wildcard could stop: with k wildcards one failed test
 * costs up to n^(k+1) steps on a payload of n characters, whatever the text between them.
 * Measured in V8 on terminal output (`npm ERR! error code 42…` lines, no newline in the JSON):
 *
 *   /error.*timeout/         19 KB: 3 ms      93 KB: ~70 ms
 *   /error.*code.*timeout/   19 KB: 380 ms    (cubic: ~8× per doubling, ~47 s at 93 KB)
 *   /error.*.*timeout/       19 KB: 24 s
 *   /.*error.*timeout/       19 KB: 20 s      (the leading .* tries every start again)
 *
 * A running `RegExp.test` cannot be interrupted, and the SW runs the filter over every payload
 * on the thread that also reads every connection's frames. So the filter text is made safe
 * before it runs, in two steps:
 *
 * 1. `withoutOuterWildcards`: for a yes/no test, an unanchored leading `.*` and a trailing `.*`
 *    change nothing (`/.*X/` matches a text exactly when `/X/` does) and are dropped; a leading
 *    or trailing `.+` becomes `.` (one character there, as many as you like being optional).
 * 2. `wildcardRunAt`: what still has two unbounded wildcards on one path through the pattern is
 *    refused (the cubic case and worse). One is allowed: quadratic at most, as `error.*timeout`,
 *    and the SW reads its clock after every large payload. Bounded ones (`.{0,200}`) do not
 *    count: each costs at most its bound per position.
 *
 * A wildcard here is an atom that matches nearly every character: `.`, a negated class
 * (`[^"]`), `\S`, `\W`, `\D`, `\P{…}` and classes like `[\s\S]`. Other repeats (`\w+`, `[a-z]*`)
 * stop at the first character outside their set and are not counted, so this does not catch
 * every slow pattern: `\w+\w+x` on a long base64 string passes.
 */
import { afterClass, afterEscape, afterGroupPrefix, quantifierAt } from './regex-scan';

/** The pattern without what cannot change a yes/no match: a leading unanchored `.*` and a trailing `.*` (`.+` becomes `.`). */
export function withoutOuterWildcards(pattern: string): string {
  let rest = pattern.replace(/^(?:\.\*\??)+/, '').replace(/^\.\+\??/, '.');
  for (let tail = trailingWildcard(rest); tail !== null; tail = trailingWildcard(rest)) {
    rest = rest.slice(0, tail.start) + (tail.plus ? '.' : '');
    if (tail.plus) break; // that `.` is the one character required there
  }
  return rest;
}

/** A `.*`, `.*?`, `.+` or `.+?` ending the pattern, when its dot is not escaped. */
function trailingWildcard(pattern: string): { start: number; plus: boolean } | null {
  const tail = /\.([*+])\??$/.exec(pattern);
  if (tail === null) return null;
  let backslashes = 0;
  for (let i = tail.index - 1; i >= 0 && pattern[i] === '\\'; i -= 1) backslashes += 1;
  // An odd run escapes the dot (`\.*` repeats a literal dot). Inside a class the pattern could not end here.
  return backslashes % 2 === 1 ? null : { start: tail.index, plus: tail[1] === '+' };
}

/** Unbounded wildcards met on one path so far, and where the first of them starts. */
interface PathCount { count: number; firstAt: number }

/** One open group: the count where it opened, the highest count any of its alternatives reached, and whether it consumes. */
interface GroupFrame { entry: PathCount; widest: PathCount | null; zeroWidth: boolean }

const wider = (a: PathCount | null, b: PathCount): PathCount => (a !== null && a.count >= b.count ? a : b);

/**
 * Where two unbounded wildcards follow one another on one path (from the first's start to the
 * second's quantifier end), or null. Alternatives are separate paths; a lookaround's contents
 * are their own path (tested at each position) and add nothing to the path around them.
 */
export function wildcardRunAt(pattern: string, flags = ''): { start: number; end: number } | null {
  const unicodeSets = flags.includes('v');
  const root: GroupFrame = { entry: { count: 0, firstAt: -1 }, widest: null, zeroWidth: false };
  const groups: GroupFrame[] = [root];
  const current = () => groups[groups.length - 1] as GroupFrame;
  let path: PathCount = root.entry;
  /** The atom a quantifier right here would apply to: its start, and whether it is a wildcard. */
  let atom: { start: number; wildcard: boolean } | null = null;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (c === '\\') {
      const end = afterEscape(pattern, i);
      atom = { start: i, wildcard: /^\\(?:[SWD]|P\{)/.test(pattern.slice(i, i + 3)) };
      i = end;
    } else if (c === '[') {
      const end = afterClass(pattern, i, unicodeSets);
      atom = { start: i, wildcard: isWildcardClass(pattern.slice(i, end)) };
      i = end;
    } else if (c === '(') {
      const prefixEnd = afterGroupPrefix(pattern, i + 1);
      groups.push({ entry: path, widest: null, zeroWidth: /^\(\?(?:[=!]|<[=!])/.test(pattern.slice(i, prefixEnd)) });
      atom = null;
      i = prefixEnd;
    } else if (c === ')') {
      const closed = groups.length > 1 ? (groups.pop() as GroupFrame) : root;
      path = closed.zeroWidth ? closed.entry : wider(closed.widest, path);
      // A repeated group with a wildcard inside is refused before this as a nested repeat (regex-risk).
      atom = null;
      i += 1;
    } else if (c === '|') {
      const frame = current();
      frame.widest = wider(frame.widest, path);
      path = frame.entry;
      atom = null;
      i += 1;
    } else {
      const quantifier = quantifierAt(pattern, i);
      if (quantifier === null) {
        atom = { start: i, wildcard: c === '.' };
        i += 1;
        continue;
      }
      const end = pattern[quantifier.end] === '?' ? quantifier.end + 1 : quantifier.end; // lazy
      if (atom?.wildcard && quantifier.max === Infinity) {
        if (path.count >= 1) return { start: path.firstAt, end };
        path = { count: 1, firstAt: atom.start };
      }
      atom = null;
      i = end;
    }
  }
  return null;
}

/** `[^…]` (all but a few characters), or a class holding a set and its complement (`[\s\S]`). */
function isWildcardClass(source: string): boolean {
  return source.startsWith('[^') || /\\s[^\]]*\\S|\\S[^\]]*\\s|\\w[^\]]*\\W|\\W[^\]]*\\w|\\d[^\]]*\\D|\\D[^\]]*\\d/.test(source);
}
