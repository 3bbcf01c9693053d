import { describe, expect, it } from 'vitest';
import { listenForDevtoolsSearch } from '../../../src/panel/devtools-search-link';
import { DEVTOOLS_SEARCH_TYPE } from '../../../src/shared/devtools-search';

describe('listenForDevtoolsSearch (panel side)', () => {
  it('takes searches from our origin, ignores other origins and other messages, and reports a bad one', () => {
    let listener: ((event: MessageEvent) => void) | undefined;
    const target = { addEventListener: (_type: 'message', l: (event: MessageEvent) => void) => { listener = l; } };
    const texts: string[] = [];
    const problems: string[] = [];
    listenForDevtoolsSearch(target, 'chrome-extension://ours', (t) => texts.push(t), (p) => problems.push(p));
    const send = (origin: string, data: unknown) => listener!({ origin, data } as MessageEvent);
    send('chrome-extension://ours', { type: DEVTOOLS_SEARCH_TYPE, text: 'needle' });
    send('https://evil.example', { type: DEVTOOLS_SEARCH_TYPE, text: 'from elsewhere' });
    send('chrome-extension://ours', { type: 'something else' });
    send('chrome-extension://ours', 'a string');
    send('chrome-extension://ours', { type: DEVTOOLS_SEARCH_TYPE, text: 42 });
    send('chrome-extension://ours', { type: DEVTOOLS_SEARCH_TYPE, text: '' });
    expect(texts).toEqual(['needle', '']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/ignored a DevTools search message/);
  });
});
