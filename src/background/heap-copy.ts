/**
 * Text the SW receives from the browser (a WebSocket message, a TextDecoder result) is an
 * external string: V8 holds a small handle, and the characters stay in Blink's allocator. Held
 * for as long as the log keeps the record, that costs far more than V8 accounts for: loading 20k
 * demo-mix records grew the extension process by 4,180 B/record with external raws and by
 * 3,950 B/record with heap copies, while V8's own heap usage put the external version at
 * 935 B/record and the copy at 991 B/record (getHeapUsage undercounts external strings).
 *
 * A JSON round trip is the cheapest way to have V8 make a flat heap string (a slice or a
 * concatenation keeps pointing at the external one); the original is then freed. JSON
 * escapes and restores every code unit, lone surrogates included, so the copy is equal.
 */
export function heapCopy(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}
