/** Column formatting for the event list: time, size and direction glyphs. */
import type { Direction } from '../../shared/record';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Said instead of a time that no Date can hold (a record from a hostile or broken file). */
export const INVALID_TIME = 'invalid time';

/** Local wall-clock time with milliseconds, `HH:MM:SS.mmm` (as Chrome's WebSocket view shows). */
export function formatClockTime(epochMs: number): string {
  const d = new Date(epochMs);
  if (Number.isNaN(d.getTime())) return INVALID_TIME;
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** ISO 8601 UTC time; never throws (toISOString does, past a Date's range). */
export function formatIsoTime(epochMs: number): string {
  const d = new Date(epochMs);
  return Number.isNaN(d.getTime()) ? INVALID_TIME : d.toISOString();
}

/** Bytes as `B`, `KB` or `MB` (1024-based, one decimal above bytes). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export const DIRECTION_GLYPH: Record<Direction, string> = { out: '↑', in: '↓', meta: '•' };
export const DIRECTION_LABEL: Record<Direction, string> = { out: 'sent', in: 'received', meta: 'connection' };

/** Longest summary the list renders; the detail shows the whole value. */
export const SUMMARY_MAX_CHARS = 300;

export function truncateForRow(text: string, max = SUMMARY_MAX_CHARS): string {
  const firstLine = text.length > max * 2 ? text.slice(0, max * 2) : text;
  const oneLine = firstLine.replace(/\s+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** One formatter for every count the panel shows: `toLocaleString` builds a new one per call. */
const COUNT_FORMAT = new Intl.NumberFormat('en-US');

/** 12,345 */
export function formatCount(n: number): string {
  return COUNT_FORMAT.format(n);
}
