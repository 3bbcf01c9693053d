/**
 * One shared copy of the strings that repeat on nearly every record. Records reach the panel
 * as structured clones, and deserialising a clone makes a fresh heap string for every
 * property value (in the SW, decoding does the same: every field read from the parsed frame
 * is a fresh string): 100k held records carried 100k copies of the same conversation key,
 * protocol, direction, validity, frame type, kind… (measured: ~340 of the ~1,340 bytes a
 * demo-mix record cost the panel). Swapping such a field for an equal, already held string is
 * invisible to every reader (strings are values, not identities), so records are compacted in
 * place: no copy per record, and each stays equal to what arrived, field by field.
 *
 * The link ids are unique per event, but their text is also inside `raw`: they are re-pointed
 * at that spot of it (`shareWithRaw`). (The event's timestamp is not held at all: see the SW's
 * event log.)
 */
import type { LogRecord } from './record';

/**
 * Fields whose values come from a small set: enums, the conversation key, protocol kinds and
 * sources. Not the summary, ids or timestamps: those are (nearly) unique per event, and
 * interning them would only fill the table.
 */
export const INTERNED_FIELDS = [
  'conversationKey', 'protocol', 'direction', 'validity', 'rawEncoding', 'frameType',
  'category', 'kind', 'nestedKind', 'source', 'stateKey',
] as const satisfies readonly (keyof LogRecord)[];

/** @default 4096 distinct values held before the table starts over */
export const INTERN_TABLE_CAP = 4096;
/** @default 200 chars: a longer value is not a repeat worth holding */
export const INTERN_MAX_CHARS = 200;

/**
 * Fields copied verbatim from the frame's text that only the record itself holds. Not
 * `eventId`: the event-id merge index keeps the first version's id, so a slice there would
 * keep that version's raw alive after the record is replaced (a streamed item, a full fetch).
 */
export const RAW_SHARED_FIELDS = ['actionId', 'toolCallId'] as const satisfies readonly (keyof LogRecord)[];
/** V8 keeps a substring this long or longer as a slice of its parent (SlicedString::kMinLength); shorter ones are copies. */
const MIN_SLICE_CHARS = 13;

/** A bounded string intern table: unique values (a hostile stream of new kinds) cannot grow it. */
export class StringInterner {
  private readonly table = new Map<string, string>();

  constructor(private readonly cap = INTERN_TABLE_CAP, private readonly maxChars = INTERN_MAX_CHARS) {}

  /** The held string equal to `value` (held from now on if new and short enough). */
  intern(value: string): string {
    if (value.length > this.maxChars) return value;
    const held = this.table.get(value);
    if (held !== undefined) return held;
    // Full: start over rather than stop learning, so a new conversation's values still get in.
    // Records keep the strings they already point to; only the table forgets them.
    if (this.table.size >= this.cap) this.table.clear();
    this.table.set(value, value);
    return value;
  }

  has(value: string): boolean {
    return this.table.has(value);
  }

  get size(): number {
    return this.table.size;
  }
}

/** One table per context (panel, SW): the common values ('ok', 'in', 'event'…) are shared by every conversation. */
const sharedInterner = new StringInterner();

/** Points the record's repeating string fields at the interned copies and its link ids into its raw text; returns the same record. */
export function compactRecord<T extends LogRecord>(record: T, interner: StringInterner = sharedInterner): T {
  const fields = record as unknown as Record<string, unknown>;
  for (const field of INTERNED_FIELDS) {
    const value = fields[field];
    if (typeof value === 'string') fields[field] = interner.intern(value);
  }
  return shareWithRaw(record);
}

/**
 * Re-points the link ids at their own text inside `raw`: a 20-byte slice instead
 * of a 40–48-byte copy, and `raw` is held by the same record anyway. A field not found
 * verbatim (escaped, beyond a cut preview) keeps its copy.
 */
export function shareWithRaw<T extends LogRecord>(record: T): T {
  if (record.rawEncoding !== 'text') return record;
  const fields = record as unknown as Record<string, unknown>;
  const raw = record.raw;
  for (const field of RAW_SHARED_FIELDS) {
    const value = fields[field];
    if (typeof value !== 'string' || value.length < MIN_SLICE_CHARS) continue;
    const at = raw.indexOf(value);
    if (at >= 0) fields[field] = raw.slice(at, at + value.length);
  }
  return record;
}
