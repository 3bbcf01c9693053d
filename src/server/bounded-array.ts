/**
 * Keeps an append-only event array within `max` by dropping its oldest entries in chunks of
 * ~max/64: shift() on an array this large copies it every time (~0.3 ms at 200k), which capped
 * a long flood at ~3k events/s. Returns how many were dropped (0 while within the bound).
 */
export function dropOldestInChunks<T>(events: T[], max: number): number {
  if (events.length <= max) return 0;
  const excess = events.length - max + Math.floor(max / 64);
  events.splice(0, excess);
  return excess;
}
