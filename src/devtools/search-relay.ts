/**
 * DevTools' own search box filters our event log. Chrome calls `onSearch` on the panel while
 * it is shown: `performSearch` with the query, `cancelSearch` when the box is cleared or closed
 * (next/previous result have no meaning for a filter). The query goes to the panel's window,
 * which `onShown` hands over. Firefox's panels have no `onSearch`: nothing is relayed there.
 */
import { DEVTOOLS_SEARCH_MAX_CHARS, DEVTOOLS_SEARCH_TYPE, type DevtoolsSearch } from '../shared/devtools-search';

type Listenable<F> = { addListener(listener: F): void };

export interface SearchablePanel {
  onShown: Listenable<(window: Window) => void>;
  onSearch?: Listenable<(action: string, queryString?: string) => void>;
}

export type PanelWindow = Pick<Window, 'postMessage'>;

export function relaySearch(panel: SearchablePanel, origin: string): void {
  let panelWindow: PanelWindow | undefined;
  panel.onShown.addListener((window) => { panelWindow = window; });
  panel.onSearch?.addListener((action, queryString) => {
    const text = action === 'performSearch' ? (queryString ?? '') : action === 'cancelSearch' ? '' : undefined;
    if (text === undefined || panelWindow === undefined) return;
    const message: DevtoolsSearch = { type: DEVTOOLS_SEARCH_TYPE, text: text.slice(0, DEVTOOLS_SEARCH_MAX_CHARS) };
    panelWindow.postMessage(message, origin);
  });
}
