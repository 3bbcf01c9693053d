/**
 * V1 conversation ids are UUIDs: the agent server parses the path parameter as one and refuses
 * anything else before the socket opens (1006 to the browser), so retrying such an id can never
 * help. Lenient on purpose: true for every form pydantic accepts (32 hex digits, hyphenated,
 * braced, `urn:uuid:`), and for a few it does not; false only for what cannot be a UUID at all.
 */
export function couldBeUuid(id: string): boolean {
  const hex = id.trim().toLowerCase().replace(/^urn:uuid:/, '').replace(/^\{(.*)\}$/, '$1').replace(/-/g, '');
  return /^[0-9a-f]{32}$/.test(hex);
}
