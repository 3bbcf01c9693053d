/** Naive server-local timestamps with microseconds, as the Python server's `datetime.now().isoformat()`. */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function naiveLocal(date: Date, micros = 0): string {
  const ymd = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const hms = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return `${ymd}T${hms}.${pad(date.getMilliseconds(), 3)}${pad(micros % 1000, 3)}`;
}

/** Hands out strictly increasing timestamps even within one millisecond. */
export class TimestampSource {
  private lastMs = 0;
  private micro = 0;
  constructor(private readonly now: () => number = Date.now) {}

  next(): string {
    const ms = Math.max(this.now(), this.lastMs);
    this.micro = ms === this.lastMs ? this.micro + 1 : 0;
    if (this.micro > 999) return this.bump(ms + 1);
    this.lastMs = ms;
    return naiveLocal(new Date(ms), this.micro);
  }

  private bump(ms: number): string {
    this.lastMs = ms;
    this.micro = 0;
    return naiveLocal(new Date(ms), 0);
  }
}

const ISO = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Normalises an ISO datetime the way the server does for after_timestamp / timestamp filters:
 * aware values are converted to local time and made naive; naive values are taken as local.
 * Returns null when unparsable (the server rejects the request).
 */
export function normaliseToNaiveLocal(text: string): string | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [, day, hh, mm, ss = '00', frac = '', zone] = m;
  const micros = Number(frac.padEnd(6, '0'));
  if (!zone) return `${day}T${hh}:${mm}:${ss}.${pad(micros, 6)}`;
  const zoneText = zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const date = new Date(`${day}T${hh}:${mm}:${ss}.${pad(Math.floor(micros / 1000), 3)}${zoneText}`);
  if (Number.isNaN(date.getTime())) return null;
  return naiveLocal(date, micros % 1000);
}
