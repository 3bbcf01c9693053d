import { base64ToBytes, hexDump, isValidBase64 } from './binary';

export interface BinaryViewProps {
  /** The frame's bytes as base64. */
  base64: string;
  /** Copies text to the clipboard. */
  onCopy: (text: string) => void;
  /** Bytes of the whole frame on the wire. */
  size?: number;
  /** `base64` is the port's preview (its first 4 KB), not the whole frame. */
  truncated?: boolean;
}

/** A binary frame (or the port's preview of one) as a hex dump and base64, each copyable. */
export function BinaryView({ base64, onCopy, size, truncated = false }: BinaryViewProps) {
  if (!isValidBase64(base64)) return <p role="alert" class="binary-invalid">Binary payload is not valid base64.</p>;
  const bytes = base64ToBytes(base64);
  const dump = hexDump(bytes);
  return (
    <section class="binary-view" aria-label="Binary frame">
      {/* A preview said to be the frame misled: 3,072 bytes shown of an 8,000-byte frame. */}
      <p class="binary-size">{truncated ? `preview of ${bytes.length} of ${size ?? '?'} bytes (copies copy the preview; load the full record first)` : `${bytes.length} bytes`}</p>
      <pre class="hex-dump">{dump}</pre>
      <button type="button" onClick={() => onCopy(dump)}>copy hex</button>
      <pre class="base64">{base64}</pre>
      <button type="button" onClick={() => onCopy(base64)}>copy base64</button>
    </section>
  );
}
