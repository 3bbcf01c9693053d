/** Validated base64 → bytes and hex dump (pure). */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function isValidBase64(text: string): boolean {
  const compact = text.replace(/\s+/g, '');
  return compact.length > 0 && compact.length % 4 === 0 && BASE64.test(compact);
}

export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text.replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Classic 16-bytes-a-line hex dump, capped so a large frame stays cheap. */
export function hexDump(bytes: Uint8Array, maxBytes = 4096): string {
  const lines: string[] = [];
  const end = Math.min(bytes.length, maxBytes);
  for (let offset = 0; offset < end; offset += 16) {
    const row = bytes.subarray(offset, Math.min(offset + 16, end));
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(row, (b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  if (bytes.length > end) lines.push(`… ${bytes.length - end} more bytes`);
  return lines.join('\n');
}

const PNG_DATA_URL = /^data:image\/(png|jpeg|gif|webp);base64,/;

/** A data: URL for an image only when the payload is valid base64; undefined otherwise. */
export function imageDataUrl(value: string): string | undefined {
  const match = PNG_DATA_URL.exec(value);
  const mime = match ? `image/${match[1]}` : 'image/png';
  const payload = match ? value.slice(match[0].length) : value;
  return isValidBase64(payload) ? `data:${mime};base64,${payload.replace(/\s+/g, '')}` : undefined;
}
