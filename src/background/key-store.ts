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
  constructor(private readonly area: SessionStorageArea) {}

  async put(conversationKey: string, apiKey: string): Promise<void> {
    await this.area.set({ [PREFIX + conversationKey]: apiKey });
  }

  async get(conversationKey: string): Promise<string | undefined> {
    const entry = (await this.area.get(PREFIX + conversationKey))[PREFIX + conversationKey];
    return typeof entry === 'string' ? entry : undefined;
  }

  async forget(conversationKey: string): Promise<void> {
    await this.area.remove(PREFIX + conversationKey);
  }

  /** Replaces every occurrence of any held key in `text` (for logs and error messages). */
  static redact(text: string, apiKeys: readonly string[]): string {
    return apiKeys.reduce((out, key) => (key.length === 0 ? out : out.split(key).join('[redacted]')), text);
  }
}
