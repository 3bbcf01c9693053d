/** storage.session in memory, for KeyStore tests: the same get/set/remove shapes. */
import type { SessionStorageArea } from '../../src/background/key-store';

export function memorySessionArea(data = new Map<string, unknown>()): SessionStorageArea & { data: Map<string, unknown> } {
  return {
    data,
    get: async (keys) => Object.fromEntries([...data].filter(([k]) => [keys].flat().includes(k))),
    set: async (items) => { for (const [k, v] of Object.entries(items)) data.set(k, v); },
    remove: async (keys) => { for (const k of [keys].flat()) data.delete(k); },
  };
}
