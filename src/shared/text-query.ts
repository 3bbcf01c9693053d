/**
 * The filter's text box: a case-insensitive substring, or a regex: text that starts and ends
 * with `/` (`/pattern/`, as Chrome's and Firefox's DevTools filters read it), or `/pattern/flags`
 * written as a JavaScript regex literal. Paths start with a slash too, so the flags form is taken
 * only when it can be nothing else: the pattern ends at its first unescaped `/` outside a `[…]`
 * class, as in a JS literal, and all that follows must be flags a filter can use: `i m s u v`,
 * and `g`, typed out of habit and ignored, each once. `y` and `d` mean nothing for a search and
 * nobody types them there, so `/workspace/src/app` (a slash after the flags' place) and
 * `/workspace/gym` are substrings. A bad regex is an answer, not an exception; so is one that
 * could backtrack exponentially (regex-risk.ts) or polynomially with a high degree
 * (regex-wildcards.ts), since nothing can interrupt it. The panel (over the text it holds) and
 * the SW (over the payloads it keeps) both run the query made here, so both run the same
 * rewritten regex or refuse it alike.
 */
import { runawayGroupAt, type RunawayShape } from './regex-risk';
import { wildcardRunAt, withoutOuterWildcards } from './regex-wildcards';

export type TextQuery =
  | { ok: true; empty: boolean; test(haystack: string): boolean }
  | { ok: false; error: string };

/** A filter text longer than this is not a search anyone types (the SW refuses it too). */
export const MAX_QUERY_CHARS = 10_000;

/** Flags a filter takes: those that change what matches, and `g` (habit from JS). */
const FILTER_FLAGS = /^[gimsuv]*$/;
// `g` makes RegExp.test stateful (lastIndex); it means nothing for a yes/no match.
const STATEFUL_FLAG = 'g';

export function parseTextQuery(text: string): TextQuery {
  if (text === '') return { ok: true, empty: true, test: () => true };
  if (text.length > MAX_QUERY_CHARS) return { ok: false, error: `Filter text of ${text.length.toLocaleString('en')} characters: at most ${MAX_QUERY_CHARS.toLocaleString('en')}` };
  const literal = regexLiteral(text);
  if (literal) {
    const { pattern, flags } = literal;
    if (pattern === '') return { ok: false, error: 'Empty regular expression' };
    try {
      const runFlags = flags.replace(STATEFUL_FLAG, '');
      new RegExp(pattern, runFlags); // a syntax error names the pattern as typed
      const risky = runawayGroupAt(pattern, flags);
      if (risky !== null) return { ok: false, error: runawayGroupError(pattern, risky) };
      const rewritten = withoutOuterWildcards(pattern);
      const run = wildcardRunAt(rewritten, flags);
      if (run !== null) return { ok: false, error: wildcardRunError(rewritten.slice(run.start, run.end)) };
      const regex = new RegExp(rewritten, runFlags);
      return { ok: true, empty: false, test: (haystack) => regex.test(haystack) };
    } catch (e) {
      // V8 and SpiderMonkey already start the message with "Invalid regular expression".
      const message = (e as Error).message;
      return { ok: false, error: /^invalid regular expression/i.test(message) ? message : `Invalid regular expression: ${message}` };
    }
  }
  // A case-insensitive regex of the escaped text: no lowercased copy of every haystack.
  const substring = new RegExp(text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), 'i');
  return { ok: true, empty: false, test: (haystack) => substring.test(haystack) };
}

/** `/pattern/`, or `/pattern/flags` as a JS regex literal reads it with filter flags only; undefined for anything else. */
function regexLiteral(text: string): { pattern: string; flags: string } | undefined {
  if (!text.startsWith('/') || text.length < 2) return undefined;
  if (text.endsWith('/')) return { pattern: text.slice(1, -1), flags: '' };
  let inClass = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i += 1;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '/') {
      const flags = text.slice(i + 1);
      // `/a/ii` is no flag set either: text.
      return FILTER_FLAGS.test(flags) && new Set(flags).size === flags.length ? { pattern: text.slice(1, i), flags } : undefined;
    }
  }
  return undefined;
}

/** Says which group, why it is refused and how to rewrite it. */
function runawayGroupError(pattern: string, group: { start: number; end: number; shape: RunawayShape }): string {
  const text = group.end - group.start > 40 ? `${pattern.slice(group.start, group.start + 39)}…` : pattern.slice(group.start, group.end);
  const why = group.shape === 'nested-repeat'
    ? 'repeats and has a repeat inside (like (a+)+)'
    : 'repeats and has alternatives that can start with the same character (like (\\w|\\d)+)';
  const rewrite = group.shape === 'nested-repeat' ? 'Repeat only once, e.g. a+ or [\\w\\s]+.' : 'Use one character class, e.g. [\\w,]+, or alternatives that start differently.';
  return `Regular expression not run: the group ${text} ${why}, which can take exponential time on a long payload. ${rewrite}`;
}

/** Says which wildcards, why they are refused and how to rewrite them. */
function wildcardRunError(run: string): string {
  const text = run.length > 40 ? `${run.slice(0, 39)}…` : run;
  return `Regular expression not run: ${text} has two unbounded wildcards (like .* or [^"]*) one after the other, `
    + 'and each multiplies the time a long payload without a match takes by its length (minutes on 100 KB). '
    + 'Keep one and bound the others, e.g. error.*timeout or error.{0,200}code.*timeout.';
}
