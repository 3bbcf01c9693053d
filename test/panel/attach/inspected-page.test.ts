import { describe, expect, it } from 'vitest';
import { watchInspectedPage } from '../../../src/panel/attach';
import type { ResolveResult } from '../../../src/panel/attach';

/** A promise resolved from outside, so the test decides the order answers arrive in. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => { resolve = r; });
  return { promise, resolve };
}
/** Lets every pending promise step run (reads and resolutions here are a few steps deep). */
const settle = async () => { for (let i = 0; i < 10; i += 1) await Promise.resolve(); };

describe('inspected page', () => {
  it('offers the conversation the inspected tab shows now, not the one it showed at panel start', async () => {
    let pageUrl = 'http://app:3000/conversations/first';
    const watch = watchInspectedPage({
      readPageUrl: async () => pageUrl,
      resolve: async (url): Promise<ResolveResult> => ({ ok: true, serverUrl: 'http://sb:8000', conversationId: url.split('/').pop()!, sandboxStatus: 'RUNNING' }),
      onError: () => undefined,
    });
    watch.refresh();
    await settle();
    expect(watch.page.value?.result).toMatchObject({ conversationId: 'first' });
    pageUrl = 'http://app:3000/conversations/second';
    watch.refresh();
    expect(watch.page.value).toBeUndefined(); // nothing offered while the new page resolves
    await settle();
    expect(watch.page.value).toEqual({ pageUrl, result: expect.objectContaining({ conversationId: 'second' }) });
  });

  it('an earlier read that answers last does not replace the later one', async () => {
    const answers = [deferred<string | undefined>(), deferred<string | undefined>()];
    let reads = 0;
    const watch = watchInspectedPage({
      readPageUrl: () => answers[reads++]!.promise,
      resolve: async (url): Promise<ResolveResult> => ({ ok: false, reason: url }),
      onError: () => undefined,
    });
    watch.refresh();
    watch.refresh();
    answers[1]!.resolve('http://app/new');
    await settle();
    answers[0]!.resolve('http://app/old');
    await settle();
    expect(watch.page.value?.pageUrl).toBe('http://app/new');
  });

  it('says plainly when the page cannot be read', async () => {
    const errors: string[] = [];
    const watch = watchInspectedPage({ readPageUrl: () => Promise.reject(new Error('no tab')), resolve: () => Promise.reject(new Error('unused')), onError: (m) => errors.push(m) });
    watch.refresh();
    await settle();
    expect(errors).toEqual(['Could not read the inspected page: no tab']);
  });
});
