import type { ConversationSink } from './contracts';
import type { DecodedFrame } from '../shared/record';
import { REDACTED } from '../shared/protocol/client-frames';
import { tapSink } from './resume/sink-tap';

/**
 * The connection's own session key, masked in every frame it receives (and sends) before the log holds it.
 * The agent's terminal inherits the server's environment (`OH_SESSION_API_KEYS_0`, §1.3), so an
 * `env` or a log line can carry the key in an observation; the log then showed it in the panel's
 * detail and, unless that panel had seen the key typed, in exports. The raw text changes only
 * where the key stood; its size on the wire stays as received.
 */
export class SessionKeyMask {
  private key: string | undefined;

  /** `getSessionKey`, remembering what it answers (the key a connection and its REST use). */
  remembering(getSessionKey: () => Promise<string | undefined>): () => Promise<string | undefined> {
    return async () => {
      const key = await getSessionKey();
      if (key) this.key = key;
      return key;
    };
  }

  mask(frame: DecodedFrame): DecodedFrame {
    return maskSessionKey(frame, this.key);
  }

  /**
   * The sink, with the key masked in inbound frames, history and what we send: a message that
   * quotes the key (a pasted curl line) was held and shown with it, and, its echo being masked,
   * never matched it. The wire keeps the real text; the log and the echo match see the masked.
   */
  wrap(sink: ConversationSink): ConversationSink {
    const tapped = tapSink(sink, { map: (frame) => this.mask(frame) });
    return { ...tapped, appendOutbound: (frame, outgoing) => sink.appendOutbound(this.mask(frame), outgoing) };
  }
}

/** `frame` with `key` masked in its text and summary (its size stays what went over the wire). */
export function maskSessionKey(frame: DecodedFrame, key: string | undefined): DecodedFrame {
  if (!key || frame.rawEncoding !== 'text' || !frame.raw.includes(key)) return frame;
  return { ...frame, raw: frame.raw.split(key).join(REDACTED), summary: frame.summary.split(key).join(REDACTED) };
}
