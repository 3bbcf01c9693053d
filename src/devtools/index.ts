// DevTools page: registers the "Conversations" panel, and relays DevTools' search box to it.
import browser from 'webextension-polyfill';
import { relaySearch, type SearchablePanel } from './search-relay';

void browser.devtools.panels.create('Conversations', '', 'panel.html').then((panel) => {
  // Chrome's panel has onSearch; the polyfill's types (Firefox's API) do not list it.
  relaySearch(panel as unknown as SearchablePanel, location.origin);
});
