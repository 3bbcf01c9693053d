// Panel entry. PLACEHOLDER until the panel work lands: shows the SW handshake state.
import browser from 'webextension-polyfill';
import { render } from 'preact';
import { PANEL_PORT_NAME, PORT_PROTOCOL_VERSION } from '../shared/port/messages';

const root = document.getElementById('app')!;
render(<p data-link-state="connecting">Connecting…</p>, root);
const port = browser.runtime.connect({ name: PANEL_PORT_NAME });
port.onMessage.addListener((m: unknown) => {
  const msg = m as { type?: string; epoch?: string };
  if (msg.type === 'welcome') render(<p data-link-state="live">Connected to service worker {msg.epoch}</p>, root);
});
port.postMessage({ type: 'hello', protocolVersion: PORT_PROTOCOL_VERSION, clientId: crypto.randomUUID(), subscriptions: [] });
