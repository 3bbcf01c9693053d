/**
 * Finds the text of each element of a top-level array property in a JSON document, so events
 * fetched over REST keep the server's own bytes as their raw text instead of a re-stringified
 * copy (architecture §3: raw kept once, never re-stringified). Structure only: the caller has
 * already parsed and validated the document; undefined when the property is not found.
 */
export function jsonArrayItemTexts(text: string, property: string): string[] | undefined {
  let depth = 0;
  let lastKey: string | undefined;
  let collecting = false;
  let itemStart = -1;
  const items: string[] = [];
  const endItem = (end: number) => {
    if (itemStart >= 0) items.push(text.slice(itemStart, end).trimEnd());
    itemStart = -1;
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      for (i += 1; i < text.length && text.charCodeAt(i) !== 0x22; i += 1) if (text.charCodeAt(i) === 0x5c /* \ */) i += 1;
      if (depth === 1 && !collecting) lastKey = text.slice(start + 1, i);
      if (collecting && depth === 2 && itemStart < 0) itemStart = start;
      continue;
    }
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    if (collecting && depth === 2 && itemStart < 0 && c !== 0x2c /* , */ && c !== 0x5d /* ] */) itemStart = i;
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (depth === 1 && c === 0x5b && lastKey === property) collecting = true;
      depth += 1;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth -= 1;
      if (collecting && depth === 1) { endItem(i); return items; }
    } else if (c === 0x2c /* , */ && collecting && depth === 2) {
      endItem(i);
    } else if (c === 0x3a /* : */ && depth === 1) {
      continue;
    } else if (depth === 1 && c !== 0x3a) {
      lastKey = undefined;
    }
  }
  return undefined;
}
