/** Says plainly when the panel is not talking to the SW: reconnecting, or stuck (incompatible/reloaded). */
import type { PanelStore } from '../../store/panel-store';

export function LinkBanner({ store }: { store: Pick<PanelStore, 'link'> }) {
  const state = store.link.state.value;
  const detail = store.link.detail.value;
  if (state === 'live') return null;
  if (state === 'incompatible') {
    return <div class="banner banner-error" role="alert" data-testid="link-banner">{detail ?? 'The panel cannot talk to the service worker.'}</div>;
  }
  const text = state === 'connecting' ? 'Connecting to the service worker…' : 'Service worker restarted or unreachable: reconnecting…';
  return <div class="banner" role="status" data-testid="link-banner">{text}{detail ? ` (${detail})` : ''}</div>;
}
