// PLACEHOLDER: replaced by the wire-schema work (issue 2). Signature is the contract.
import type { DecodedFrame } from '../record';
import type { Generation } from './generation';

/** Decodes one server frame of `protocol`. Never throws, whatever the input. */
export function decodeFrame(protocol: Generation, data: string | ArrayBuffer | Uint8Array): DecodedFrame {
  void protocol;
  if (typeof data !== 'string') {
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    return { validity: 'binary', raw: '', rawEncoding: 'base64', size: bytes.byteLength, frameType: 'none', category: 'other', summary: `binary frame (${bytes.byteLength} bytes)` };
  }
  return { validity: 'not-json', raw: data, rawEncoding: 'text', size: data.length, frameType: 'none', category: 'other', summary: data.slice(0, 120) };
}
