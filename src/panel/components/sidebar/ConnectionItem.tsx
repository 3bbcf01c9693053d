/**
 * One conversation in the sidebar: state badge (`data-state`), the reference client's unified
 * status, the detailed state (attempt, retry countdown, last close, failed reason with Retry),
 * history loading and counts, plus its actions. Imported conversations show "imported".
 */
import { toUnifiedStatus, type ConnectionStatus } from '../../../shared/connection';
import type { Conversation, ImportedHeader } from '../../store/conversation';
import { useNow } from './use-now';
import { usePerFrame } from '../per-frame';
import { formatCount } from '../../log/format';

export interface ConnectionActions {
  onActivate(key: string): void;
  onReconnectNow(key: string): void;
  onDisconnect(key: string): void;
  onDetach(key: string): void;
  /** Attach again when the SW no longer holds the connection. */
  onReattach?(key: string): void;
}

export interface ConnectionItemProps extends ConnectionActions {
  conversation: Conversation;
  active: boolean;
  /** Why the server vanished, when the app server knows (sandbox paused/missing). */
  sandboxNotice?: string;
}

function titleOf(conversation: Conversation, status: ConnectionStatus | undefined): string {
  if (conversation.origin.type === 'imported') return conversation.origin.header.title;
  return status?.title ?? status?.target.conversationId ?? conversation.key;
}

function RetryLine({ status }: { status: ConnectionStatus }) {
  const now = useNow(status.state === 'backoff' && status.nextRetryAt !== undefined);
  const parts = [`attempt ${status.attempt}`];
  if (status.state === 'backoff' && status.nextRetryAt !== undefined) {
    parts.push(`retry in ${Math.max(0, Math.ceil((status.nextRetryAt - now) / 1000))} s`);
  }
  return <span class="conn-attempt" data-testid="retry-line">{parts.join(' · ')}</span>;
}

function Counts({ conversation, status }: { conversation: Conversation; status: ConnectionStatus | undefined }) {
  usePerFrame(conversation.source.version);
  const held = conversation.source.records.length;
  const dropped = conversation.source.droppedBefore.value;
  const c = status?.counts;
  return (
    <dl class="conn-counts">
      <dt>records</dt><dd data-testid="count-records">{formatCount(held)}</dd>
      {c && <><dt>dup</dt><dd data-testid="count-duplicates">{c.duplicates + conversation.mergedDuplicates.value}</dd></>}
      {c && <><dt>gaps</dt><dd data-testid="count-gaps">{c.gaps}</dd></>}
      <dt>dropped</dt><dd data-testid="count-dropped">{dropped}</dd>
    </dl>
  );
}

const FORMAT_LABEL: Record<NonNullable<ImportedHeader['format']>, string> = { ndjson: 'NDJSON', har: 'HAR' };

/**
 * What an import came from: its format and file. The file name is the title too, but the
 * sidebar cuts it where two exports of one conversation differ (…ndjson / …har).
 */
function ImportedFrom({ header }: { header: ImportedHeader }) {
  return (
    <div class="conn-detail conn-imported">
      {header.format && <span class="conn-format" data-testid="import-format">{FORMAT_LABEL[header.format]}</span>}
      {header.origin && <span class="conn-file" title={header.origin}>{header.origin}</span>}
    </div>
  );
}

export function ConnectionItem(props: ConnectionItemProps) {
  const { conversation, active } = props;
  const status = conversation.status.value;
  const removed = conversation.removed.value;
  const key = conversation.key;
  const imported = conversation.isImported;
  const state = imported ? 'imported' : removed ? 'removed' : status?.state ?? 'connecting';
  // Open without a key and nothing received: the server has not accepted anything yet, so
  // neither "connected" nor "loading history" (it may close with 4001 at its deadline).
  const awaitingAuth = !imported && status?.awaitingAuth === true;
  const unified = imported ? 'IMPORTED' : awaitingAuth ? 'CONNECTING' : status ? toUnifiedStatus(status.state) : 'CONNECTING';
  const loading = !imported && !awaitingAuth && (conversation.snapshotLoading.value || status?.historyLoading === true);
  // The sidebar cuts long titles; the tooltip holds the whole one.
  const title = titleOf(conversation, status);
  return (
    <li class={`conn${active ? ' conn-active' : ''}`} data-key={key} aria-current={active ? 'true' : undefined}>
      <button type="button" class="conn-main" onClick={() => props.onActivate(key)}>
        <span class="badge" data-state={state} title={state}>{state}</span>
        <span class="conn-title" title={title}>{title}</span>
        <span class="conn-unified" data-testid="unified-status">{unified}</span>
      </button>
      {status && !imported && (
        <div class="conn-detail">
          <span class="conn-generation">{status.generation ?? status.target.protocol}</span>
          <RetryLine status={status} />
          {status.lastClose && (
            <span class="conn-close" data-testid="last-close">closed {status.lastClose.code}{status.lastClose.reason ? ` ${status.lastClose.reason}` : ''}</span>
          )}
          {loading && <span class="conn-loading" role="status" data-testid="history-loading">loading history…</span>}
          {awaitingAuth && <span class="conn-loading" role="status" data-testid="awaiting-auth">waiting for authentication (no session key sent)</span>}
        </div>
      )}
      {conversation.origin.type === 'imported' && <ImportedFrom header={conversation.origin.header} />}
      {status?.state === 'failed' && (
        <p class="conn-failed" role="alert">{status.failedReason ?? 'failed'} <button type="button" onClick={() => props.onReconnectNow(key)}>Retry</button></p>
      )}
      {props.sandboxNotice && <p class="conn-sandbox" role="status" data-testid="sandbox-notice">{props.sandboxNotice}</p>}
      {removed && (
        <p class="conn-removed" role="status">
          The service worker no longer holds this connection.
          {props.onReattach && status && <> <button type="button" onClick={() => props.onReattach?.(key)}>Attach again</button></>}
        </p>
      )}
      <Counts conversation={conversation} status={status} />
      <div class="conn-actions">
        {!imported && status?.state === 'backoff' && <button type="button" onClick={() => props.onReconnectNow(key)}>Reconnect now</button>}
        {!imported && !removed && status?.state !== 'closed' && status?.state !== 'failed' && (
          <button type="button" onClick={() => props.onDisconnect(key)}>Disconnect</button>
        )}
        {!imported && (status?.state === 'closed' || status?.state === 'idle') && (
          <button type="button" onClick={() => props.onReconnectNow(key)}>Connect</button>
        )}
        <button type="button" onClick={() => props.onDetach(key)}>{imported ? 'Close' : 'Detach'}</button>
      </div>
    </li>
  );
}
