// Service worker entry (Chrome) / background script (Firefox): wiring only.
// PLACEHOLDER until the service-worker work lands: answers the panel's hello.
import browser from 'webextension-polyfill';
import { PANEL_PORT_NAME, PORT_PROTOCOL_VERSION, PanelToBackgroundSchema } from '../shared/port/messages';

const epoch = crypto.randomUUID();
const bootedAt = Date.now();

browser.runtime.onConnect.addListener((port) => {
  if (port.name !== PANEL_PORT_NAME) return port.disconnect();
  port.onMessage.addListener((message: unknown) => {
    const parsed = PanelToBackgroundSchema.safeParse(message);
    if (!parsed.success) return;
    if (parsed.data.type === 'hello') {
      port.postMessage({ type: 'welcome', protocolVersion: PORT_PROTOCOL_VERSION, epoch, bootedAt });
    }
  });
});
