/**
 * Loop iterations replay the same conversation again; clients dedupe by event id and resume by
 * timestamp, so iteration n gets a fresh, stable variant of every recorded id (references such
 * as `action_id` and streamed `item_id` follow) and fresh timestamps.
 */
const UUID = /^[0-9a-f]{8}(-?[0-9a-f]{4}){3}-?[0-9a-f]{12}$/i;

export function idVariant(id: string, iteration: number): string {
  if (iteration === 0) return id;
  if (UUID.test(id)) {
    const head = ((Number.parseInt(id.slice(0, 8), 16) ^ iteration) >>> 0).toString(16).padStart(8, '0');
    return `${head}${id.slice(8)}`;
  }
  return `${id}~${iteration}`;
}

/** Copies `value`, mapping every string that is a recorded id, and the top-level timestamp. */
export function relabel<T>(value: T, ids: ReadonlySet<string>, iteration: number, timestamp?: string): T {
  if (iteration === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return ids.has(v) ? idVariant(v, iteration) : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(v)) out[key] = walk(inner);
    return out;
  };
  const copy = walk(value) as Record<string, unknown>;
  if (timestamp !== undefined && typeof copy['timestamp'] === 'string') copy['timestamp'] = timestamp;
  return copy as T;
}
