/**
 * Session API keys, held only in storage.session (cleared when the browser closes) and
 * never in storage.local, URLs, records or logs. The storage area is injected so tests
 * and the SW share this code.
 */
export interface SessionStorageArea {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

const PREFIX = 'cdt.key.';

export class KeyStore {
  /**
   * What storage.session holds, as last read or written by this SW (the only writer). Every
   * REST call asks for the key, and a storage read took 4–9 ms: a 1,000-page history backfill
   * spent seconds on it, and the first rows of a conversation waited for two. Empty after an
   * SW restart; refilled from storage on first use.
   */
  private readonly known = new Map<string, string | undefined>();
  /** Reads in flight: an attach starts two requests at once, and both wait for one read. */
  private readonly reading = new Map<string, Promise<string | undefined>>();

  constructor(private readonly area: SessionStorageArea) {}

  async put(conversationKey: string, apiKey: string): Promise<void> {
    await this.area.set({ [PREFIX + conversationKey]: apiKey });
    this.reading.delete(conversationKey);
    this.known.set(conversationKey, apiKey);
  }

  async get(conversationKey: string): Promise<string | undefined> {
    if (this.known.has(conversationKey)) return this.known.get(conversationKey);
    const inFlight = this.reading.get(conversationKey);
    if (inFlight !== undefined) return inFlight;
    const read: Promise<string | undefined> = this.area.get(PREFIX + conversationKey).then(
      (items) => {
        const entry = items[PREFIX + conversationKey];
        const key = typeof entry === 'string' ? entry : undefined;
        // A put or forget while the read was out (it dropped the read) is newer than what it read.
        if (this.reading.get(conversationKey) !== read) return this.known.has(conversationKey) ? this.known.get(conversationKey) : key;
        this.reading.delete(conversationKey);
        this.known.set(conversationKey, key);
        return key;
      },
      (error: unknown) => {
        if (this.reading.get(conversationKey) === read) this.reading.delete(conversationKey);
        throw error;
      },
    );
    this.reading.set(conversationKey, read);
    return read;
  }

  async forget(conversationKey: string): Promise<void> {
    this.known.delete(conversationKey);
    this.reading.delete(conversationKey);
    await this.area.remove(PREFIX + conversationKey);
  }

  /** Replaces every occurrence of any held key in `text` (for logs and error messages). */
  static redact(text: string, apiKeys: readonly string[]): string {
    return apiKeys.reduce((out, key) => (key.length === 0 ? out : out.split(key).join('[redacted]')), text);
  }
}
