import { describe, expect, it } from 'vitest';
import { relaySearch, type SearchablePanel } from '../../src/devtools/search-relay';
import { DEVTOOLS_SEARCH_MAX_CHARS, DEVTOOLS_SEARCH_TYPE } from '../../src/shared/devtools-search';

function fakePanel(withSearch = true) {
  const shown: ((w: Window) => void)[] = [];
  const search: ((action: string, query?: string) => void)[] = [];
  const panel: SearchablePanel = {
    onShown: { addListener: (l) => { shown.push(l); } },
    ...(withSearch ? { onSearch: { addListener: (l: (action: string, query?: string) => void) => { search.push(l); } } } : {}),
  };
  const posted: [unknown, string][] = [];
  const window = { postMessage: (message: unknown, origin: string) => { posted.push([message, origin]); } } as unknown as Window;
  return {
    panel, posted,
    show: () => { for (const l of shown) l(window); },
    search: (action: string, query?: string) => { for (const l of search) l(action, query); },
  };
}

describe('relaySearch (DevTools page → panel)', () => {
  it('sends performSearch text and an empty text on cancel to the shown panel, within our origin', () => {
    const f = fakePanel();
    relaySearch(f.panel, 'chrome-extension://abc');
    f.search('performSearch', 'lost before shown');
    expect(f.posted).toEqual([]);
    f.show();
    f.search('performSearch', 'ActionEvent');
    f.search('nextSearchResult');
    f.search('previousSearchResult');
    f.search('cancelSearch');
    expect(f.posted).toEqual([
      [{ type: DEVTOOLS_SEARCH_TYPE, text: 'ActionEvent' }, 'chrome-extension://abc'],
      [{ type: DEVTOOLS_SEARCH_TYPE, text: '' }, 'chrome-extension://abc'],
    ]);
  });

  it('cuts a very long query, and does nothing where panels have no onSearch (Firefox)', () => {
    const f = fakePanel();
    relaySearch(f.panel, 'o');
    f.show();
    f.search('performSearch', 'q'.repeat(DEVTOOLS_SEARCH_MAX_CHARS + 50));
    expect((f.posted[0]![0] as { text: string }).text).toHaveLength(DEVTOOLS_SEARCH_MAX_CHARS);
    const firefox = fakePanel(false);
    expect(() => relaySearch(firefox.panel, 'o')).not.toThrow();
  });
});
