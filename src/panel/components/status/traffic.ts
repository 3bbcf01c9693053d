/** Traffic figures for the status bar, read from the records' receive times (seq order). */
import type { LogRecord } from '../../../shared/record';

/** Records received per second over the last `windowMs` before `now` (scans back from the end only). */
export function recentRate(records: readonly LogRecord[], now: number, windowMs = 5_000): number {
  let count = 0;
  for (let i = records.length - 1; i >= 0; i -= 1) {
    if ((records[i] as LogRecord).receivedAt < now - windowMs) break;
    count += 1;
  }
  return count / (windowMs / 1000);
}

/** "1:02:03" / "2:03" / "3 s" between the first and the last record held. */
export function elapsedText(records: readonly LogRecord[]): string {
  const first = records[0];
  const last = records[records.length - 1];
  if (!first || !last) return '0 s';
  const seconds = Math.max(0, Math.round((last.receivedAt - first.receivedAt) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
