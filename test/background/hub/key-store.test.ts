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

  it('answers requests that ask at once from one storage read (an attach starts two)', async () => {
    const area = memorySessionArea();
    await new KeyStore(area).put('conv', 'sk-secret');
    let reads = 0;
    const store = new KeyStore({ ...area, get: (keys) => { reads += 1; return area.get(keys); } });
    expect(await Promise.all([store.get('conv'), store.get('conv'), store.get('conv')])).toEqual(['sk-secret', 'sk-secret', 'sk-secret']);
    expect(reads).toBe(1);
  });

  it('a put or forget while a read is out wins over what the read found', async () => {
    const area = memorySessionArea();
    /** A session area whose next read is held until `release()`; later reads answer at once. */
    const heldOnce = () => {
      let release: () => void = () => undefined;
      let held = true;
      const slow: SessionStorageArea = {
        ...area,
        get: async (keys) => {
          const items = await area.get(keys);
          if (held) { held = false; await new Promise<void>((r) => { release = r; }); }
          return items;
        },
      };
      return { slow, release: () => release() };
    };

    await new KeyStore(area).put('conv', 'sk-old');
    const put = heldOnce();
    const store = new KeyStore(put.slow);
    const reading = store.get('conv');
    await store.put('conv', 'sk-new');
    put.release();
    await reading;
    expect(await store.get('conv')).toBe('sk-new');

    await new KeyStore(area).put('conv', 'sk-old');
    const forget = heldOnce();
    const other = new KeyStore(forget.slow);
    const readingOther = other.get('conv');
    await other.forget('conv');
    forget.release();
    expect(await readingOther).toBe('sk-old'); // asked before the forget
    expect(await other.get('conv')).toBeUndefined();
  });

  it('redacts held keys from text', () => {
    expect(KeyStore.redact('wss://h/?session_api_key=sk-secret', ['sk-secret'])).not.toContain('sk-secret');
  });
});
