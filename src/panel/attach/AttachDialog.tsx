import { useState } from 'preact/hooks';
import type { ConnectionTarget } from '../../shared/connection';
import type { ProtocolChoice } from '../../shared/protocol/generation';
import { ensureHostPermission } from './host-permission';
import type { HasSiteAccess, RequestPermission } from './host-permission';
import { validateManualEntry } from './manual-entry';
import type { ManualEntry, ManualEntryErrors } from './manual-entry';
import { ConversationPicker } from './ConversationPicker';
import type { ConversationListItem } from './ConversationPicker';

export interface AttachRequest {
  target: ConnectionTarget;
  sessionApiKey?: string;
}

export interface AttachDialogProps {
  /** Called once the target is valid and site access for its server is granted or already held. */
  onAttach: (request: AttachRequest) => void;
  /** chrome.permissions.request bound; undefined where the panel cannot ask (Firefox DevTools). */
  requestPermission?: RequestPermission;
  /** Asks the background whether site access is already held (what a panel that cannot ask relies on). */
  hasSiteAccess?: HasSiteAccess;
  /** Opens the panel in a tab with the form filled (offered when permission cannot be asked here). */
  onOpenAsTab?: (prefill: ConnectionTarget) => void;
  /** Result of resolving the inspected page, shown as a one-click attach or its reason. */
  resolved?: { ok: true; serverUrl: string; conversationId: string; sessionApiKey?: string } | { ok: false; reason: string };
  /** Conversations offered by the server, for the picker. */
  conversations?: ConversationListItem[];
  /** Prefill for manual entry. */
  initial?: Partial<ManualEntry>;
  /** The fields, when the parent shares them (the conversation list reads the same server and key). */
  entry?: ManualEntry;
  onEntryChange?: (entry: ManualEntry) => void;
}

const PROTOCOLS: ProtocolChoice[] = ['auto', 'v1-events', 'v1-session', 'v0-socketio'];

/** Inspected-page attach, conversation picker and manual entry in one dialog. */
export function AttachDialog(props: AttachDialogProps) {
  const [ownEntry, setOwnEntry] = useState<ManualEntry>({
    serverUrl: '', conversationId: '', sessionApiKey: '', protocol: 'auto', ...props.initial,
  });
  const entry = props.entry ?? ownEntry;
  const setEntry = props.onEntryChange ?? setOwnEntry;
  const [errors, setErrors] = useState<ManualEntryErrors>({});
  /** Why the last attach was refused, and its target (what "Open as tab" fills in; never the key). */
  const [notice, setNotice] = useState<{ text: string; target: ConnectionTarget } | undefined>();

  const attach = (candidate: ManualEntry) => {
    const { target, errors: found } = validateManualEntry(candidate);
    setErrors(found);
    if (!target) return;
    // Synchronous call inside the click handler: Chrome needs the user gesture.
    void ensureHostPermission(target.serverUrl, { request: props.requestPermission, has: props.hasSiteAccess }).then((result) => {
      if (!result.granted) { setNotice({ text: result.reason ?? 'Site access was not granted.', target }); return; }
      setNotice(undefined);
      props.onAttach({ target, ...(candidate.sessionApiKey ? { sessionApiKey: candidate.sessionApiKey } : {}) });
    });
  };
  const field = (name: keyof ManualEntry) => (e: Event) =>
    setEntry({ ...entry, [name]: (e.currentTarget as HTMLInputElement).value });
  const resolved = props.resolved;

  return (
    <section class="attach-dialog" aria-label="Attach to a conversation">
      {resolved && (resolved.ok ? (
        <button type="button" onClick={() => attach({ ...entry, serverUrl: resolved.serverUrl, conversationId: resolved.conversationId, sessionApiKey: resolved.sessionApiKey ?? '' })}>
          Attach to the inspected conversation {resolved.conversationId}
        </button>
      ) : <p class="attach-reason" role="status">{resolved.reason}</p>)}
      {props.conversations && (
        <ConversationPicker conversations={props.conversations} onPick={(id) => attach({ ...entry, conversationId: id })} />
      )}
      <form onSubmit={(e) => { e.preventDefault(); attach(entry); }}>
        <label>Server URL <input name="serverUrl" value={entry.serverUrl} onInput={field('serverUrl')} aria-invalid={!!errors.serverUrl} /></label>
        {errors.serverUrl && <p class="field-error" role="alert">{errors.serverUrl}</p>}
        <label>Conversation id <input name="conversationId" value={entry.conversationId} onInput={field('conversationId')} aria-invalid={!!errors.conversationId} /></label>
        {errors.conversationId && <p class="field-error" role="alert">{errors.conversationId}</p>}
        <label>Session key <input name="sessionApiKey" type="password" autocomplete="off" value={entry.sessionApiKey} onInput={field('sessionApiKey')} /></label>
        <label>Protocol <select name="protocol" value={entry.protocol} onChange={field('protocol')}>
          {PROTOCOLS.map((p) => <option key={p} value={p}>{p}</option>)}
        </select></label>
        <button type="submit">Attach</button>
      </form>
      {notice && (
        <div class="attach-notice" role="alert">
          <p>{notice.text}</p>
          {!props.requestPermission && props.onOpenAsTab && <button type="button" onClick={() => props.onOpenAsTab?.(notice.target)}>Open as tab</button>}
        </div>
      )}
    </section>
  );
}
