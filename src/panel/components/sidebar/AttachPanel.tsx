/**
 * The attach dialog with the conversation list fetched from a server (`listConversations`).
 * A failure (e.g. the SW does not support the command yet) is shown plainly in the dialog.
 */
import { useRef, useState } from 'preact/hooks';
import { AttachDialog, ensureHostPermission, type AttachDialogProps } from '../../attach';
import type { ConversationListItem, ManualEntry } from '../../attach';
import { parseServerUrl } from '../../../shared/connection';

export interface AttachPanelProps extends Omit<AttachDialogProps, 'conversations' | 'initial' | 'entry' | 'onEntryChange'> {
  /** Asks the SW for the server's conversations. */
  listConversations(serverUrl: string, sessionApiKey?: string): Promise<ConversationListItem[]>;
  /** Prefill (a deep link's server, or an "Open as tab" link's whole target). */
  initial?: Partial<Pick<ManualEntry, 'serverUrl' | 'conversationId' | 'protocol'>>;
  onClose(): void;
}

/** `serverUrl`: the server listed, canonical (see parseServerUrl). */
type Listing =
  | { state: 'idle' }
  | { state: 'loading'; serverUrl: string }
  | { state: 'done'; serverUrl: string; items: ConversationListItem[] }
  | { state: 'error'; message: string };

/** The server the fields name, canonical; undefined while they name none. */
const canonicalServer = (input: string): string | undefined => {
  const server = parseServerUrl(input);
  return server.ok ? server.serverUrl : undefined;
};

export function AttachPanel(props: AttachPanelProps) {
  const { listConversations, initial, onClose, ...dialog } = props;
  // One set of fields for listing and attaching: a keyed server lists only with the key typed
  // below, and a pick from the list attaches with that same key and protocol.
  const [entry, setEntry] = useState<ManualEntry>({
    serverUrl: '', conversationId: '', sessionApiKey: '', protocol: 'auto', ...initial,
  });
  const [listing, setListing] = useState<Listing>({ state: 'idle' });
  // Bumped per List click and per server change: an answer carrying an older value is for a
  // server the fields no longer name (or an earlier click), and is dropped.
  const requests = useRef(0);

  const changeEntry = (next: ManualEntry) => {
    // A list shown belongs to the server in the fields: a pick never attaches to another.
    if (listing.state !== 'idle' && canonicalServer(next.serverUrl) !== canonicalServer(entry.serverUrl)) {
      requests.current += 1;
      setListing({ state: 'idle' });
    }
    setEntry(next);
  };

  const list = (e: Event) => {
    e.preventDefault();
    const request = (requests.current += 1);
    const server = parseServerUrl(entry.serverUrl);
    if (!server.ok) { setListing({ state: 'error', message: server.error }); return; }
    const key = entry.sessionApiKey === '' ? undefined : entry.sessionApiKey;
    const answer = (next: Listing) => { if (request === requests.current) setListing(next); };
    setListing({ state: 'loading', serverUrl: server.serverUrl });
    // Asked synchronously inside the submit, as Attach does: Chrome needs the user gesture.
    void ensureHostPermission(server.serverUrl, { request: dialog.requestPermission, has: dialog.hasSiteAccess }).then((access) => {
      if (!access.granted) { answer({ state: 'error', message: access.reason ?? 'Site access was not granted.' }); return; }
      return listConversations(server.serverUrl, key).then(
        (items) => answer({ state: 'done', serverUrl: server.serverUrl, items }),
        (error: Error) => answer({ state: 'error', message: error.message }),
      );
    });
  };
  // Offered only while the fields name the server listed (a pick attaches to the fields' server).
  const offered = listing.state === 'done' && listing.serverUrl === canonicalServer(entry.serverUrl) ? listing.items : undefined;

  return (
    <div class="attach-panel" role="dialog" aria-label="Attach" onKeyDown={(e) => { if (e.key === 'Escape') onClose(); }}>
      <header class="attach-head">
        <h2>Attach to a conversation</h2>
        <button type="button" aria-label="Close" onClick={onClose}>×</button>
      </header>
      <form class="attach-list-form" onSubmit={list}>
        <label>List conversations on <input name="listServerUrl" value={entry.serverUrl} placeholder="http://127.0.0.1:8000"
          onInput={(e) => changeEntry({ ...entry, serverUrl: (e.currentTarget as HTMLInputElement).value })} /></label>
        <button type="submit" disabled={listing.state === 'loading'}>List</button>
      </form>
      {listing.state === 'loading' && <p role="status">Loading conversations…</p>}
      {listing.state === 'error' && <p class="attach-list-error" role="alert">Could not list conversations: {listing.message}</p>}
      <AttachDialog {...dialog} entry={entry} onEntryChange={changeEntry}
        {...(offered ? { conversations: offered } : {})} />
    </div>
  );
}
