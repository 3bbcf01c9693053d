/**
 * The panel's frame: sidebar | (toolbar, log, collapsible bottom drawer) | detail pane, and the
 * status bar. Slots only; what goes in them is decided by App. The drawer is where tools such
 * as the composer mount; its open state survives re-renders.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

export interface PanelLayoutProps {
  linkState: string;
  banner?: ComponentChildren;
  sidebar: ComponentChildren;
  /** Above the log: per-conversation tools (replay, export…). */
  toolbar?: ComponentChildren;
  main: ComponentChildren;
  /** Collapsible area below the log; hidden entirely when empty. */
  drawer?: ComponentChildren;
  drawerTitle?: string;
  detail: ComponentChildren;
  statusBar: ComponentChildren;
}

export function PanelLayout(props: PanelLayoutProps) {
  const [drawerOpen, setDrawerOpen] = useState(false);
  return (
    <div class="app" data-link-state={props.linkState}>
      {props.banner}
      <div class="app-body">
        <aside class="pane-sidebar">{props.sidebar}</aside>
        <main class="pane-main">
          <div class="toolbar" role="toolbar" aria-label="Conversation tools">{props.toolbar}</div>
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
        <aside class="pane-detail" aria-label="Detail">{props.detail}</aside>
      </div>
      {props.statusBar}
    </div>
  );
}
