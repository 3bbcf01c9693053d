import { base64ToBytes, hexDump, isValidBase64 } from './binary';

export interface BinaryViewProps {
  /** The frame's bytes as base64. */
  base64: string;
  /** Copies text to the clipboard. */
  onCopy: (text: string) => void;
}

/** A binary frame as a hex dump and base64, each copyable. */
export function BinaryView({ base64, onCopy }: BinaryViewProps) {
  if (!isValidBase64(base64)) return <p role="alert" class="binary-invalid">Binary payload is not valid base64.</p>;
  const bytes = base64ToBytes(base64);
  const dump = hexDump(bytes);
  return (
    <section class="binary-view" aria-label="Binary frame">
      <p>{bytes.length} bytes</p>
      <pre class="hex-dump">{dump}</pre>
      <button type="button" onClick={() => onCopy(dump)}>copy hex</button>
      <pre class="base64">{base64}</pre>
      <button type="button" onClick={() => onCopy(base64)}>copy base64</button>
    </section>
  );
}
