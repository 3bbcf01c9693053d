/**
 * The panel UI: sidebar of connections, the event log of the active conversation with a
 * toolbar above and a drawer below, the selected record's detail and the conversation state
 * beside it, and a status bar. Reads the store; browser facilities come in as `env`.
 */
import { computed, type ReadonlySignal } from '@preact/signals';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { ConnectionTarget } from '../shared/connection';
import type { InspectedPage, ManualEntry, RequestPermission } from './attach';
import { EventLog } from './components/log';
import { ConversationStatePane, RecordDetail } from './components/detail';
import { PanelLayout } from './components/layout/PanelLayout';
import { AttachPanel } from './components/sidebar/AttachPanel';
import { Sidebar } from './components/sidebar/Sidebar';
import { LinkBanner } from './components/status/LinkBanner';
import { ConnectionTimeline } from './components/status/ConnectionTimeline';
import { StatusBar } from './components/status/StatusBar';
import { useSandboxNotices, type SandboxCheck } from './components/status/use-sandbox-notices';
import type { Conversation } from './store/conversation';
import type { PanelStore } from './store/panel-store';
import { ConversationComposer, type TemplateStorage } from './components/composer';
import { ConversationReplayBar } from './components/replay';
import { ConversationRecordingTools } from './components/recording';
import { usePerFrame } from './components/per-frame';
import { ErrorBoundary } from './components/ErrorBoundary';

export type { InspectedPage };

export interface PanelEnv {
  copy(text: string): void;
  /** `permissions.request` bound; undefined where the panel cannot ask (Firefox DevTools). */
  requestPermission?: RequestPermission;
  /** Opens the panel in a tab with the Attach form filled (never the key). */
  onOpenAsTab?: (prefill: ConnectionTarget) => void;
  /** Inside DevTools only: set once the inspected page was resolved. */
  inspected?: ReadonlySignal<InspectedPage | undefined>;
  /** Inside DevTools only: reads and resolves the inspected page again (the attach dialog opened). */
  refreshInspected?: () => void;
  /** DevTools' search box, relayed by the DevTools page: each search becomes the log's filter text. */
  devtoolsSearch?: ReadonlySignal<{ text: string } | undefined>;
  /** Asks the app server behind a page why its sandbox is gone (resolver seam). */
  explainSandbox?: (pageUrl: string) => Promise<string | undefined>;
  filterStorage?: { getItem(k: string): string | null; setItem(k: string, v: string): void };
  /** Prefill for the attach dialog: a deep link's server, or all of an "Open as tab" link's target. */
  attachPrefill?: Partial<Pick<ManualEntry, 'serverUrl' | 'conversationId' | 'protocol'>>;
  /** Show the attach dialog at start even when connections exist (an "Open as tab" link). */
  openAttach?: boolean;
  /** Saved composer templates (browser.storage.local in the entry). */
  templateStorage?: TemplateStorage;
  /** The extension's version, written into exported recordings. */
  toolVersion?: string;
}

export interface AppProps {
  store: PanelStore;
  env: PanelEnv;
}

/**
 * The selected record. Re-rendered when another record is selected (at once) or the selected one
 * changes (a growing stream item, its full text arriving: per frame), not for every batch of
 * records: with a record selected, its whole detail was rendered again 10 times a second.
 */
function SelectedRecord({ store, conversation, copy, selectEvent }: { store: PanelStore; conversation: Conversation; copy: (t: string) => void; selectEvent: (id: string) => void }) {
  const selected = useMemo(() => computed(() => {
    const seq = conversation.selectedSeq.value;
    conversation.source.version.value;
    return seq === null ? undefined : conversation.source.get(seq);
  }), [conversation]);
  usePerFrame(selected);
  conversation.selectedSeq.value; // a new selection shows at once
  const record = selected.peek();
  const key = conversation.key;
  if (!record) return <p class="detail-empty">Select a record to see it here.</p>;
  return (
    <ErrorBoundary key={`${key}#${record.seq}`} label="record detail">
      <RecordDetail record={record} onCopy={copy} onSelectEvent={selectEvent}
        onRequestFullRecord={conversation.isImported ? undefined : (s) => store.loadFullRecord(key, s)} />
    </ErrorBoundary>
  );
}

/** The state derived up to the position: per frame as it changes, at once when the position moves. */
function StateAtPosition({ conversation, selectEvent }: { conversation: Conversation; selectEvent: (id: string) => void }) {
  usePerFrame(conversation.state);
  const position = conversation.position.value;
  return (
    <>
      <h3>State {position === null ? 'now' : `at #${position}`}</h3>
      <ConversationStatePane state={conversation.state.peek()} onSelectEvent={selectEvent} />
    </>
  );
}

function Detail({ store, conversation, copy }: { store: PanelStore; conversation: Conversation | undefined; copy: (t: string) => void }) {
  // Stable, so the views below (each rendering on its own schedule) are not re-rendered with the detail.
  const conversationKey = conversation?.key;
  const selectFromTimeline = useCallback((seq: number) => { if (conversationKey) store.select(conversationKey, seq); }, [store, conversationKey]);
  const selectEvent = useCallback((id: string) => { if (conversationKey) store.selectEventId(conversationKey, id); }, [store, conversationKey]);
  if (!conversation) return <p class="detail-empty">No conversation selected.</p>;
  const key = conversation.key;
  return (
    <div class="detail-stack">
      <div class="detail-record">
        <SelectedRecord store={store} conversation={conversation} copy={copy} selectEvent={selectEvent} />
      </div>
      <div class="detail-state">
        <StateAtPosition conversation={conversation} selectEvent={selectEvent} />
      </div>
      <div class="detail-story">
        <ErrorBoundary key={key} label="connection timeline">
          <ConnectionTimeline conversation={conversation} onSelect={selectFromTimeline} />
        </ErrorBoundary>
      </div>
    </div>
  );
}

function Toolbar({ store, conversation }: { store: PanelStore; conversation: Conversation }) {
  const status = conversation.status.value;
  const key = conversation.key;
  const title = conversation.origin.type === 'imported' ? conversation.origin.header.title : status?.target.conversationId ?? key;
  return (
    <>
      <span class="toolbar-title" title={title}>{title}</span>
      {!conversation.isImported && (
        <>
          <button type="button" onClick={() => { void store.clearLog(key).catch(() => undefined); }}>Clear</button>
          <label class="toolbar-check" title="Keep capturing with DevTools closed">
            <input type="checkbox" checked={status?.keepCapturing ?? false}
              onChange={(e) => { void store.setKeepCapturing(key, (e.currentTarget as HTMLInputElement).checked).catch(() => undefined); }} />
            keep capturing
          </label>
        </>
      )}
    </>
  );
}

export function App({ store, env }: AppProps) {
  const [attachOpen, setAttachOpen] = useState(env.openAttach === true);
  const [appPages] = useState(() => new Map<string, string>());
  // Keys typed or resolved here, in memory only, so exports redact them wherever they appear.
  const [knownKeys] = useState(() => new Set<string>());
  const conversations = store.conversations.value;
  const conversation = store.active.value;
  const selectedSeq = conversation?.selectedSeq.value ?? null;
  const checkSandbox = useMemo<SandboxCheck | undefined>(() => {
    const explain = env.explainSandbox;
    if (!explain) return undefined;
    return (key) => { const page = appPages.get(key); return page ? explain(page) : Promise.resolve(undefined); };
  }, [env.explainSandbox]);
  const sandboxNotices = useSandboxNotices(store.conversations, checkSandbox);
  const swallow = (p: Promise<unknown>) => { void p.catch(() => undefined); };
  const inspected = env.inspected?.value;
  const showAttach = attachOpen || conversations.length === 0;
  // Each time the dialog opens: the inspected tab may show another conversation by now.
  const refreshInspected = env.refreshInspected;
  useEffect(() => { if (showAttach) refreshInspected?.(); }, [showAttach, refreshInspected]);

  const attachPanel = (
    <AttachPanel
      initial={env.attachPrefill}
      requestPermission={env.requestPermission}
      hasSiteAccess={(url) => store.hasSiteAccess(url)}
      onOpenAsTab={env.onOpenAsTab}
      resolved={inspected?.result}
      listConversations={(url, k) => store.listConversations(url, k)}
      onClose={() => setAttachOpen(false)}
      onAttach={(request) => {
        setAttachOpen(false);
        if (request.sessionApiKey) knownKeys.add(request.sessionApiKey);
        store.attach(request.target, request.sessionApiKey).then((key) => {
          const r = inspected?.result;
          if (inspected && r?.ok && r.conversationId === request.target.conversationId) appPages.set(key, inspected.pageUrl);
        }, () => undefined);
      }}
    />
  );

  return (
    <PanelLayout
      linkState={store.link.state.value}
      banner={<LinkBanner store={store} />}
      sidebar={(closeDrawer) => (
        <Sidebar store={store} sandboxNotices={sandboxNotices} onAttachClick={() => { closeDrawer(); setAttachOpen(true); }}
          onActivate={(k) => { closeDrawer(); store.activate(k); }} onReconnectNow={(k) => swallow(store.reconnectNow(k))}
          onDisconnect={(k) => swallow(store.disconnect(k))} onDetach={(k) => swallow(store.detach(k))}
          onReattach={(k) => swallow(store.reattach(k))} />
      )}
      toolbar={
        <>
          {conversation && <Toolbar store={store} conversation={conversation} />}
          <ConversationRecordingTools conversation={conversation} addImported={store.addImported} fullRecords={store.fullRecords} secrets={[...knownKeys]}
            tool={{ name: 'conversation-devtools', version: env.toolVersion ?? 'dev' }} />
        </>
      }
      timeBar={conversation && <ConversationReplayBar key={conversation.key} conversation={conversation} setPosition={store.setReplayPosition} />}
      conversationShown={!showAttach && conversation !== undefined}
      detailSubject={selectedSeq === null || !conversation ? undefined : `${conversation.key}#${selectedSeq}`}
      drawer={conversation && <ConversationComposer key={conversation.key} conversation={conversation} command={store.command}
        loadFullRecord={store.loadFullRecord} templateStorage={env.templateStorage} />}
      drawerTitle="Composer"
      main={showAttach || !conversation ? attachPanel : (
        <ErrorBoundary key={conversation.key} label="event log">
          <EventLog source={conversation.source} selectedSeq={selectedSeq}
            onSelect={(seq) => store.select(conversation.key, seq)} cursorSeq={conversation.replaySeq.value}
            filterStorage={env.filterStorage} externalFilter={env.devtoolsSearch?.value} renderPerFrame
            searchPayloads={conversation.isImported ? undefined : (text, afterSeq) => store.searchPayloads(conversation.key, text, afterSeq)} />
        </ErrorBoundary>
      )}
      detail={<Detail store={store} conversation={conversation} copy={env.copy} />}
      statusBar={<StatusBar store={store} />}
    />
  );
}
