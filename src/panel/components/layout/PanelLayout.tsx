/**
 * The panel's frame: sidebar | (toolbar, log, collapsible bottom drawer) | detail pane, and the
 * status bar. Slots only; what goes in them is decided by App. The drawer is where tools such
 * as the composer mount; its open state survives re-renders.
 *
 * Narrower than panel.css's breakpoint (a DevTools docked at the side gets ~550 px), three
 * columns leave the log nothing, so the panes stack as in Chrome's Network panel: the sidebar
 * becomes a drawer over the log (the toolbar's ☰ opens it; a choice made in it closes it), and the
 * detail pane goes under the log, opened by each new selection and closed by its ×. The state
 * for that lives here; which of the two layouts applies is panel.css's alone, so at wide sizes
 * the toggles are hidden and the open flags change nothing.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

export interface PanelLayoutProps {
  linkState: string;
  banner?: ComponentChildren;
  /** The sidebar; `closeDrawer` is for its choices (a conversation, Attach…): made in the narrow layout's drawer, they close it. */
  sidebar(closeDrawer: () => void): ComponentChildren;
  /** Above the log: per-conversation tools (export, import…). */
  toolbar?: ComponentChildren;
  /** The time-travel bar: last in the toolbar, so a narrow toolbar wraps it onto a line of its own. */
  timeBar?: ComponentChildren;
  main: ComponentChildren;
  /** Collapsible area below the log; hidden entirely when empty. */
  drawer?: ComponentChildren;
  drawerTitle?: string;
  detail: ComponentChildren;
  statusBar: ComponentChildren;
  /** What the detail pane shows (the selected record); each new value opens it where it stacks under the log. */
  detailSubject?: string;
  /** A conversation's log is shown (not the attach form): only then is there a detail to open under it. */
  conversationShown: boolean;
}

/** Calls `onChange` after a render whose `value` differs from the last one's (never for the first). */
function useOnChange<T>(value: T, onChange: (value: T) => void): void {
  const last = useRef(value);
  useEffect(() => {
    if (value === last.current) return;
    last.current = value;
    onChange(value);
  }, [value]);
}

export function PanelLayout(props: PanelLayoutProps) {
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const [detailOpen, setDetailOpen] = useState(false);
  useOnChange(props.detailSubject, (subject) => { if (subject !== undefined) setDetailOpen(true); });
  return (
    <div class="app" data-link-state={props.linkState} data-sidebar={sidebarOpen ? 'open' : 'closed'}
      data-detail={detailOpen && props.conversationShown ? 'open' : 'closed'}>
      {props.banner}
      <div class="app-body">
        <aside class="pane-sidebar" id="pane-sidebar" onKeyDown={(e) => { if (e.key === 'Escape') setSidebarOpen(false); }}>
          {props.sidebar(() => setSidebarOpen(false))}
        </aside>
        {sidebarOpen && <div class="pane-backdrop" data-testid="sidebar-backdrop" onClick={() => setSidebarOpen(false)} />}
        <main class="pane-main">
          <div class="toolbar" role="toolbar" aria-label="Conversation tools">
            <button type="button" class="pane-toggle" name="toggle-sidebar" aria-controls="pane-sidebar" aria-expanded={sidebarOpen}
              aria-label="Connections" title="Connections" onClick={() => setSidebarOpen(!sidebarOpen)}>☰</button>
            {props.toolbar}
            {props.conversationShown && (
              <button type="button" class="pane-toggle" name="toggle-detail" aria-controls="pane-detail" aria-expanded={detailOpen}
                title="Show or hide the detail pane" onClick={() => setDetailOpen(!detailOpen)}>Detail</button>
            )}
            {props.timeBar}
          </div>
          <div class="log-area">{props.main}</div>
          {props.drawer && (
            <section class={`drawer${drawerOpen ? ' drawer-open' : ''}`} aria-label={props.drawerTitle ?? 'Drawer'}>
              <button type="button" class="drawer-toggle" aria-expanded={drawerOpen} onClick={() => setDrawerOpen(!drawerOpen)}>
                {drawerOpen ? '▾' : '▸'} {props.drawerTitle ?? 'Tools'}
              </button>
              {drawerOpen && <div class="drawer-body">{props.drawer}</div>}
            </section>
          )}
        </main>
        <aside class="pane-detail" id="pane-detail" aria-label="Detail">
          <div class="pane-detail-head">
            <span>Detail</span>
            <button type="button" name="close-detail" aria-label="Close detail" title="Close detail" onClick={() => setDetailOpen(false)}>×</button>
          </div>
          {props.detail}
        </aside>
      </div>
      {props.statusBar}
    </div>
  );
}
