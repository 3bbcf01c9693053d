import { describe, expect, it } from 'vitest';
import { KeyStore, type SessionStorageArea } from '../../../src/background/key-store';
import { memorySessionArea } from '../../fakes/memory-session-area';

describe('KeyStore', () => {
  it('stores, reads and forgets a key in the injected session area only', async () => {
    const area = memorySessionArea();
    const store = new KeyStore(area);
    await store.put('conv', 'sk-secret');
    expect(await store.get('conv')).toBe('sk-secret');
    await store.forget('conv');
    expect(await store.get('conv')).toBeUndefined();
    expect(area.data.size).toBe(0);
  });

  it('reads storage once per conversation (every REST call asks for the key), and a restarted SW reads it again', async () => {
    const area = memorySessionArea();
    let reads = 0;
    const counting: SessionStorageArea = { ...area, get: (keys) => { reads += 1; return area.get(keys); } };
    await new KeyStore(counting).put('conv', 'sk-secret');
    const store = new KeyStore(counting); // a restarted SW: nothing known yet
    for (let i = 0; i < 5; i += 1) expect(await store.get('conv')).toBe('sk-secret');
    for (let i = 0; i < 5; i += 1) expect(await store.get('other')).toBeUndefined();
    expect(reads).toBe(2);
    await store.put('other', 'sk-2');
    expect(await store.get('other')).toBe('sk-2');
    await store.forget('conv');
    expect(await store.get('conv')).toBeUndefined();
    expect(reads).toBe(3);
  });

  it('redacts held keys from text', () => {
    expect(KeyStore.redact('wss://h/?session_api_key=sk-secret', ['sk-secret'])).not.toContain('sk-secret');
  });
});
