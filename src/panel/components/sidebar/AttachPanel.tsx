/**
 * The attach dialog with the conversation list fetched from a server (`listConversations`).
 * A failure (e.g. the SW does not support the command yet) is shown plainly in the dialog.
 */
import { useState } from 'preact/hooks';
import { AttachDialog, requestHostPermission, type AttachDialogProps } from '../../attach';
import type { ConversationListItem, ManualEntry } from '../../attach';
import { parseServerUrl } from '../../../shared/connection';

export interface AttachPanelProps extends Omit<AttachDialogProps, 'conversations' | 'initial' | 'entry' | 'onEntryChange'> {
  /** Asks the SW for the server's conversations. */
  listConversations(serverUrl: string, sessionApiKey?: string): Promise<ConversationListItem[]>;
  initialServerUrl?: string;
  onClose(): void;
}

type Listing = { state: 'idle' } | { state: 'loading' } | { state: 'done'; items: ConversationListItem[] } | { state: 'error'; message: string };

export function AttachPanel(props: AttachPanelProps) {
  const { listConversations, initialServerUrl, onClose, ...dialog } = props;
  // One set of fields for listing and attaching: a keyed server lists only with the key typed
  // below, and a pick from the list attaches with that same key and protocol.
  const [entry, setEntry] = useState<ManualEntry>({
    serverUrl: initialServerUrl ?? '', conversationId: '', sessionApiKey: '', protocol: 'auto',
  });
  const [listing, setListing] = useState<Listing>({ state: 'idle' });

  const changeEntry = (next: ManualEntry) => {
    // A list shown belongs to the server in the fields: a pick never attaches to another.
    if (next.serverUrl !== entry.serverUrl && listing.state !== 'idle') setListing({ state: 'idle' });
    setEntry(next);
  };

  const list = (e: Event) => {
    e.preventDefault();
    const server = parseServerUrl(entry.serverUrl);
    if (!server.ok) { setListing({ state: 'error', message: server.error }); return; }
    const key = entry.sessionApiKey === '' ? undefined : entry.sessionApiKey;
    setListing({ state: 'loading' });
    // Asked synchronously inside the submit, as Attach does: Chrome needs the user gesture.
    void requestHostPermission(server.serverUrl, dialog.requestPermission).then((access) => {
      if (!access.granted) { setListing({ state: 'error', message: access.reason ?? 'Site access was not granted.' }); return; }
      return listConversations(server.serverUrl, key).then(
        (items) => setListing({ state: 'done', items }),
        (error: Error) => setListing({ state: 'error', message: error.message }),
      );
    });
  };

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
        {...(listing.state === 'done' ? { conversations: listing.items } : {})} />
    </div>
  );
}
