/**
 * Finds the regex shapes that backtrack exponentially: a repeated group that itself contains a
 * repeat, as in `(\w+\s?)+$` (28 word characters and a `!` took V8 27 s), and a repeated group
 * with alternatives that can start with the same character, as in `(\w|\d)+$` or `(a|.)*b`
 * (26 characters: 6–8 s). JavaScript cannot interrupt a running `RegExp.test`, and the filter
 * text runs over every payload in the SW, whose thread also carries every live connection, so
 * such a pattern is refused up front.
 *
 * The first is the star-height test of safe-regex, on our own small scanner so that lookbehind,
 * named groups and `\p{…}` (which the `ret` parser behind safe-regex2 rejects) are read
 * correctly. The second compares only each alternative's first character: literal characters
 * and `\d`, `\w`, `\s` are told apart, anything else (a class, `.`, a group, an optional first
 * atom, an empty alternative) counts as overlapping. So `(ab|ac)+` is refused although it is
 * safe (`(a[bc])+` passes). Neither applies to a group repeated a few times with no unbounded
 * repeat inside (FEW_REPEATS). It does not catch every slow pattern: an optional atom that lets
 * one iteration match one or two characters, as in `(a?a)+`, passes (34 characters: 0.2 s).
 */

import { afterClass, afterEscape, afterGroupPrefix, quantifierAt } from './regex-scan';

export type RunawayShape = 'nested-repeat' | 'overlapping-alternatives';

/**
 * A group repeated at most this many times, with no unbounded repeat inside, passes either
 * check: `(\d{1,3}\.){3}` (an IPv4 address) is common in filters and costs 0.4 ms on 20,000
 * digits. Each further repeat multiplies the worst case: `(\d{1,3}){4}x` 12 ms there, `{6}` 107 ms,
 * `{8}` 865 ms.
 */
const FEW_REPEATS = 4;

/** What an alternative can start with, as far as the scanner tells. */
type First = { char: string } | { escape: 'd' | 'w' | 's' } | 'any';

/** One open group: where it starts, what its alternatives start with, and what is inside. */
interface GroupFrame {
  start: number;
  /** Something inside repeats. */
  repeats: boolean;
  /** Something inside repeats without bound (`*`, `+`, `{n,}`). */
  unbounded: boolean;
  /** An alternation inside (at any depth) has alternatives that may start alike. */
  overlaps: boolean;
  firsts: First[];
  /** The current alternative has no atom yet. */
  atAlternativeStart: boolean;
}

/** What a quantifier applies to: a group (with what is inside it) or a single character, class or escape. */
interface Atom {
  group: boolean;
  start: number;
  repeats: boolean;
  unbounded: boolean;
  overlaps: boolean;
  first: boolean;
}

/** The risky group with its quantifier (`start`..`end` in the pattern) and why, or null when the pattern is safe. */
export function runawayGroupAt(pattern: string, flags = ''): { start: number; end: number; shape: RunawayShape } | null {
  const unicodeSets = flags.includes('v');
  const ignoreCase = flags.includes('i');
  const open = (start: number): GroupFrame => ({ start, repeats: false, unbounded: false, overlaps: false, firsts: [], atAlternativeStart: true });
  const groups: GroupFrame[] = [open(0)];
  const current = () => groups[groups.length - 1]!;
  /** What a quantifier right here would apply to; `first` when it is its alternative's first atom. */
  let atom: Atom | null = null;
  /** A character, class or escape; the first of an alternative says what the alternative starts with. */
  const takeAtom = (start: number, first: First) => {
    const frame = current();
    const isFirst = frame.atAlternativeStart;
    if (isFirst) frame.firsts.push(first);
    frame.atAlternativeStart = false;
    atom = { group: false, start, repeats: false, unbounded: false, overlaps: false, first: isFirst };
  };
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      takeAtom(i, firstOfEscape(pattern[i + 1]));
      i = afterEscape(pattern, i);
    } else if (c === '[') {
      takeAtom(i, 'any');
      i = afterClass(pattern, i, unicodeSets);
    } else if (c === '(') {
      // The group, as an atom of this alternative, may start with anything.
      const frame = current();
      if (frame.atAlternativeStart) { frame.firsts.push('any'); frame.atAlternativeStart = false; }
      groups.push(open(i));
      atom = null;
      i = afterGroupPrefix(pattern, i + 1);
    } else if (c === ')') {
      const closed = groups.length > 1 ? groups.pop()! : open(i);
      if (closed.atAlternativeStart) closed.firsts.push('any'); // an empty alternative
      const overlaps = closed.overlaps || someOverlap(closed.firsts, ignoreCase);
      atom = { group: true, start: closed.start, repeats: closed.repeats, unbounded: closed.unbounded, overlaps, first: false };
      current().repeats ||= closed.repeats;
      current().unbounded ||= closed.unbounded;
      current().overlaps ||= overlaps;
      i += 1;
    } else if (c === '|') {
      const frame = current();
      if (frame.atAlternativeStart) frame.firsts.push('any');
      frame.atAlternativeStart = true;
      atom = null;
      i += 1;
    } else {
      const quantifier = quantifierAt(pattern, i);
      if (quantifier === null) {
        takeAtom(i, c === '.' || c === '^' || c === '$' ? 'any' : { char: c });
        i += 1;
        continue;
      }
      const end = pattern[quantifier.end] === '?' ? quantifier.end + 1 : quantifier.end; // lazy
      const applied: Atom | null = atom;
      // A few repeats of a group with only bounded repeats inside is a short fixed pattern
      // written once, like `(\d{1,3}\.){3}`: its backtracking per position has a fixed bound.
      const fixed = quantifier.max <= FEW_REPEATS && !applied?.unbounded;
      if (quantifier.repeats && applied?.group && !fixed) {
        if (applied.repeats) return { start: applied.start, end, shape: 'nested-repeat' };
        if (applied.overlaps) return { start: applied.start, end, shape: 'overlapping-alternatives' };
      }
      if (quantifier.repeats) current().repeats = true;
      if (quantifier.max === Infinity) current().unbounded = true;
      // An optional first atom: the alternative may start with whatever follows it.
      if (applied?.first && quantifier.min === 0) current().firsts[current().firsts.length - 1] = 'any';
      atom = null;
      i = end;
    }
  }
  return null;
}

/** `\d`, `\w`, `\s` and escaped punctuation are told apart; every other escape may be anything. */
function firstOfEscape(next: string | undefined): First {
  if (next === 'd' || next === 'w' || next === 's') return { escape: next };
  if (next !== undefined && !/[\p{L}\p{N}]/u.test(next)) return { char: next };
  return 'any';
}

function someOverlap(firsts: readonly First[], ignoreCase: boolean): boolean {
  for (let a = 0; a < firsts.length; a += 1) {
    for (let b = a + 1; b < firsts.length; b += 1) if (mayOverlap(firsts[a]!, firsts[b]!, ignoreCase)) return true;
  }
  return false;
}

function mayOverlap(a: First, b: First, ignoreCase: boolean): boolean {
  if (a === 'any' || b === 'any') return true;
  if ('char' in a) return 'char' in b ? sameChar(a.char, b.char, ignoreCase) : matchesEscape(a.char, b.escape);
  if ('char' in b) return matchesEscape(b.char, a.escape);
  // \d is inside \w; \s shares nothing with either.
  return a.escape === b.escape || (a.escape !== 's' && b.escape !== 's');
}

const sameChar = (a: string, b: string, ignoreCase: boolean) => (ignoreCase ? a.toLowerCase() === b.toLowerCase() : a === b);
const matchesEscape = (char: string, escape: 'd' | 'w' | 's') => new RegExp(`\\${escape}`).test(char);
