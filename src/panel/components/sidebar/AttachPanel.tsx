/**
 * The attach dialog with the conversation list fetched from a server (`listConversations`).
 * A failure (e.g. the SW does not support the command yet) is shown plainly in the dialog.
 */
import { useState } from 'preact/hooks';
import { AttachDialog, type AttachDialogProps } from '../../attach';
import type { ConversationListItem } from '../../attach';
import { parseServerUrl } from '../../../shared/connection';

export interface AttachPanelProps extends Omit<AttachDialogProps, 'conversations' | 'initial'> {
  /** Asks the SW for the server's conversations. */
  listConversations(serverUrl: string, sessionApiKey?: string): Promise<ConversationListItem[]>;
  initialServerUrl?: string;
  onClose(): void;
}

type Listing = { state: 'idle' } | { state: 'loading' } | { state: 'done'; items: ConversationListItem[] } | { state: 'error'; message: string };

export function AttachPanel(props: AttachPanelProps) {
  const { listConversations, initialServerUrl, onClose, ...dialog } = props;
  const [serverUrl, setServerUrl] = useState(initialServerUrl ?? '');
  const [listedFor, setListedFor] = useState(initialServerUrl ?? '');
  const [listing, setListing] = useState<Listing>({ state: 'idle' });

  const list = (e: Event) => {
    e.preventDefault();
    const server = parseServerUrl(serverUrl);
    if (!server.ok) { setListing({ state: 'error', message: server.error }); return; }
    const url = server.serverUrl;
    setListing({ state: 'loading' });
    listConversations(url).then(
      (items) => { setListedFor(url); setListing({ state: 'done', items }); },
      (error: Error) => setListing({ state: 'error', message: error.message }),
    );
  };

  return (
    <div class="attach-panel" role="dialog" aria-label="Attach" onKeyDown={(e) => { if (e.key === 'Escape') onClose(); }}>
      <header class="attach-head">
        <h2>Attach to a conversation</h2>
        <button type="button" aria-label="Close" onClick={onClose}>×</button>
      </header>
      <form class="attach-list-form" onSubmit={list}>
        <label>List conversations on <input name="listServerUrl" value={serverUrl} placeholder="http://127.0.0.1:8000"
          onInput={(e) => setServerUrl((e.currentTarget as HTMLInputElement).value)} /></label>
        <button type="submit" disabled={listing.state === 'loading'}>List</button>
      </form>
      {listing.state === 'loading' && <p role="status">Loading conversations…</p>}
      {listing.state === 'error' && <p class="attach-list-error" role="alert">Could not list conversations: {listing.message}</p>}
      {/* Keyed by server so the manual-entry form starts from the listed server. */}
      <AttachDialog key={listedFor} {...dialog} initial={{ serverUrl: listedFor }}
        {...(listing.state === 'done' ? { conversations: listing.items } : {})} />
    </div>
  );
}
