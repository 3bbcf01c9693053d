/**
 * The panel's end of the DevTools search relay (src/devtools/search-relay.ts): messages posted
 * to this window by pages of our own origin, validated here at the boundary. Messages from other
 * origins are not ours and are ignored; a message of ours that fails validation is reported.
 */
import { DEVTOOLS_SEARCH_TYPE, DevtoolsSearchSchema } from '../shared/devtools-search';

type MessageTarget = { addEventListener(type: 'message', listener: (event: MessageEvent) => void): void };

export function listenForDevtoolsSearch(target: MessageTarget, origin: string, onSearch: (text: string) => void, onInvalid: (why: string) => void): void {
  target.addEventListener('message', (event) => {
    if (event.origin !== origin) return;
    const data: unknown = event.data;
    if (typeof data !== 'object' || data === null || (data as { type?: unknown }).type !== DEVTOOLS_SEARCH_TYPE) return;
    const parsed = DevtoolsSearchSchema.safeParse(data);
    if (parsed.success) onSearch(parsed.data.text);
    else onInvalid(`ignored a DevTools search message: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  });
}
