/**
 * The filter's text box: a case-insensitive substring, or `/pattern/flags` for a regex (the
 * convention of Firefox's WebSocket inspector) when what follows the last slash is a set of JS
 * regex flags: a path (`/workspace/src`, `/usr/bin`) is a substring, not a regex with bad
 * flags. A bad regex is an answer, not an exception; so
 * is one that could backtrack exponentially (regex-risk.ts), since nothing can interrupt it.
 */
import { runawayGroupAt, type RunawayShape } from './regex-risk';

export type TextQuery =
  | { ok: true; empty: boolean; test(haystack: string): boolean }
  | { ok: false; error: string };

/** A filter text longer than this is not a search anyone types (the SW refuses it too). */
export const MAX_QUERY_CHARS = 10_000;

const REGEX_FORM = /^\/(.*)\/([dgimsuvy]*)$/s;
// `g` and `y` make RegExp.test stateful (lastIndex); they mean nothing for a yes/no match.
const STATEFUL_FLAGS = /[gy]/g;

export function parseTextQuery(text: string): TextQuery {
  if (text === '') return { ok: true, empty: true, test: () => true };
  if (text.length > MAX_QUERY_CHARS) return { ok: false, error: `Filter text of ${text.length.toLocaleString('en')} characters: at most ${MAX_QUERY_CHARS.toLocaleString('en')}` };
  const regexForm = REGEX_FORM.exec(text);
  if (regexForm && text.length > 1 && !repeatsAFlag(regexForm[2] ?? '')) {
    const [, pattern = '', flags = ''] = regexForm;
    if (pattern === '') return { ok: false, error: 'Empty regular expression' };
    try {
      const regex = new RegExp(pattern, flags.replace(STATEFUL_FLAGS, ''));
      const risky = runawayGroupAt(pattern, flags);
      if (risky !== null) return { ok: false, error: runawayGroupError(pattern, risky) };
      return { ok: true, empty: false, test: (haystack) => regex.test(haystack) };
    } catch (e) {
      // V8 and SpiderMonkey already start the message with "Invalid regular expression".
      const message = (e as Error).message;
      return { ok: false, error: /^invalid regular expression/i.test(message) ? message : `Invalid regular expression: ${message}` };
    }
  }
  // A case-insensitive regex of the escaped text: no lowercased copy of every haystack.
  const literal = new RegExp(text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), 'i');
  return { ok: true, empty: false, test: (haystack) => literal.test(haystack) };
}

/** `/a/gg` is no flag set: read as text, like any other slash-delimited text with no flags after it. */
function repeatsAFlag(flags: string): boolean {
  return new Set(flags).size !== flags.length;
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
