import type { PathPart } from './json-path';
import { formatPath } from './json-path';

export interface PayloadSearchProps {
  /** Current query. */
  query: string;
  /** Paths matching the query. */
  matches: PathPart[][];
  /** Index of the active match. */
  index: number;
  onQuery: (query: string) => void;
  onIndex: (index: number) => void;
}

/** Search box with match count and next/prev. */
export function PayloadSearch({ query, matches, index, onQuery, onIndex }: PayloadSearchProps) {
  const count = matches.length;
  const step = (delta: number) => count > 0 && onIndex((index + delta + count) % count);
  return (
    <div class="payload-search" role="search">
      <input type="search" aria-label="Search payload" value={query}
        onInput={(e) => onQuery((e.currentTarget as HTMLInputElement).value)}
        onKeyDown={(e) => { if (e.key === 'Enter') step(e.shiftKey ? -1 : 1); }} />
      <span class="match-count" aria-live="polite">{count === 0 ? (query ? 'no matches' : '') : `${index + 1} of ${count}`}</span>
      <button type="button" aria-label="Previous match" disabled={count === 0} onClick={() => step(-1)}>↑</button>
      <button type="button" aria-label="Next match" disabled={count === 0} onClick={() => step(1)}>↓</button>
      {count > 0 && matches[index] && <code class="match-path">{formatPath(matches[index] as PathPart[])}</code>}
    </div>
  );
}
