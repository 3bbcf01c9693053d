/**
 * The connections sidebar: every conversation the panel follows, sub-conversations nested
 * under their parent (status.parentKey), an Attach button and the panel's notices.
 */
import { computed, type ReadonlySignal } from '@preact/signals';
import { useMemo } from 'preact/hooks';
import type { Conversation } from '../../store/conversation';
import type { PanelStore } from '../../store/panel-store';
import { ConnectionItem, type ConnectionActions } from './ConnectionItem';

export interface SidebarProps extends ConnectionActions {
  store: Pick<PanelStore, 'conversations' | 'activeKey' | 'notices' | 'noticesDropped' | 'dismissNotices'>;
  onAttachClick(): void;
  /** Sandbox explanations by conversation key (see useSandboxNotices). */
  sandboxNotices?: Record<string, string>;
}

type Nesting = Array<{ conversation: Conversation; depth: number }>;

/** Parents first, each followed by its children; orphans (parent not followed) stay top level. */
function nest(conversations: readonly Conversation[]): Nesting {
  const keys = new Set(conversations.map((c) => c.key));
  const parentOf = (c: Conversation) => {
    const parent = c.status.value?.parentKey;
    return parent !== undefined && parent !== c.key && keys.has(parent) ? parent : undefined;
  };
  const out: Nesting = [];
  const visit = (c: Conversation, depth: number) => {
    out.push({ conversation: c, depth });
    if (depth < 8) for (const child of conversations) if (parentOf(child) === c.key) visit(child, depth + 1);
  };
  for (const c of conversations) if (parentOf(c) === undefined) visit(c, 0);
  return out;
}

const sameNesting = (a: Nesting, b: Nesting) =>
  a.length === b.length && a.every((entry, i) => entry.conversation === b[i]!.conversation && entry.depth === b[i]!.depth);

/**
 * The nesting as a signal that changes only when the tree does: it reads every status (for
 * parentKey), and without this the sidebar re-rendered for each counts broadcast.
 */
function useNesting(conversations: ReadonlySignal<readonly Conversation[]>): Nesting {
  const nesting = useMemo(() => {
    let previous: Nesting = [];
    return computed(() => {
      const next = nest(conversations.value);
      if (sameNesting(previous, next)) return previous;
      previous = next;
      return next;
    });
  }, [conversations]);
  return nesting.value;
}

export function Sidebar(props: SidebarProps) {
  const { store } = props;
  const conversations = store.conversations.value;
  const nesting = useNesting(store.conversations);
  const activeKey = store.activeKey.value;
  const notices = store.notices.value;
  return (
    <nav class="sidebar" aria-label="Connections">
      <header class="sidebar-head">
        <h2>Connections</h2>
        <button type="button" class="primary" onClick={props.onAttachClick}>Attach…</button>
      </header>
      {conversations.length === 0 && <p class="sidebar-empty">No conversation yet. Attach to one, or open a deep link.</p>}
      <ul class="conn-list">
        {nesting.map(({ conversation, depth }) => (
          <div key={conversation.key} class="conn-nest" style={{ paddingLeft: `${depth * 12}px` }} data-depth={depth}>
            <ConnectionItem
              conversation={conversation}
              active={conversation.key === activeKey}
              sandboxNotice={props.sandboxNotices?.[conversation.key]}
              onActivate={props.onActivate}
              onReconnectNow={props.onReconnectNow}
              onDisconnect={props.onDisconnect}
              onDetach={props.onDetach}
              onReattach={props.onReattach}
            />
          </div>
        ))}
      </ul>
      {notices.length > 0 && (
        <section class="notices" aria-label="Notices">
          <ul>{notices.map((n, i) => <li key={i} role="alert">{n}</li>)}</ul>
          {store.noticesDropped.value > 0 && <p>{store.noticesDropped.value} older notices not shown</p>}
          <button type="button" onClick={() => store.dismissNotices()}>Dismiss</button>
        </section>
      )}
    </nav>
  );
}
