// A conversation attached from the inspected app page whose server vanishes (1006): the panel
// asks the app server (resolver seam) and says plainly that the sandbox is paused.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { useSandboxNotices } from '../../../src/panel/components/status/use-sandbox-notices';
import { signal } from '@preact/signals';
import { App } from '../../../src/panel/App';
import { createPanelStore } from '../../../src/panel/store/panel-store';
import type { ConnectionStatus } from '../../../src/shared/connection';

afterEach(cleanup);

const KEY = 'http://127.0.0.1:9/runtime/x#abc';
function status(extra: Partial<ConnectionStatus>): ConnectionStatus {
  return {
    key: KEY, target: { serverUrl: 'http://127.0.0.1:9/runtime/x', conversationId: 'abc', protocol: 'auto' }, state: 'open', attempt: 0,
    historyLoading: false, counts: { records: 0, bytes: 0, dropped: 0, duplicates: 0, gaps: 0, errors: 0 },
    keepCapturing: false, subscribers: 1, hasKey: true, ...extra,
  };
}

describe('sandbox notice', () => {
  it('explains a 1006 close through the app server of the inspected page, and clears once open again', async () => {
    const store = createPanelStore({ request: (c) => Promise.resolve(c.name === 'attach' ? KEY : c.name === 'hasSiteAccess' ? true : undefined) });
    const explainSandbox = vi.fn(() => Promise.resolve('The sandbox is paused; resume it in OpenHands, then attach again.'));
    const pageUrl = 'http://127.0.0.1:3000/conversations/abc';
    render(<App store={store} env={{
      copy: () => undefined, explainSandbox,
      inspected: signal({ pageUrl, result: { ok: true, serverUrl: 'http://127.0.0.1:9/runtime/x', conversationId: 'abc', sandboxStatus: 'RUNNING' } }),
    }} />);
    fireEvent.click(screen.getByText(/Attach to the inspected conversation abc/));
    await vi.waitFor(() => expect(store.conversations.value).toHaveLength(1));
    store.receive({ type: 'status', status: status({ state: 'backoff', attempt: 1, lastClose: { code: 1006, reason: '', at: 5 } }) });
    expect((await screen.findByTestId('sandbox-notice')).textContent).toMatch(/sandbox is paused/);
    expect(explainSandbox).toHaveBeenCalledWith(pageUrl);
    store.receive({ type: 'status', status: status({ state: 'open' }) });
    await vi.waitFor(() => expect(screen.queryByTestId('sandbox-notice')).toBeNull());
    expect(explainSandbox).toHaveBeenCalledTimes(1);
  });

  it('re-renders its caller when a conversation opens or closes, not for every counts broadcast', async () => {
    const store = createPanelStore({ request: (c) => Promise.resolve(c.name === 'attach' ? KEY : undefined) });
    await store.attach(status({}).target);
    store.receive({ type: 'status', status: status({}) });
    let renders = 0;
    function Probe() {
      renders += 1;
      useSandboxNotices(store.conversations, undefined);
      return null;
    }
    render(<Probe />);
    const before = renders;
    act(() => { for (let i = 1; i <= 20; i += 1) store.receive({ type: 'status', status: status({ counts: { records: i, bytes: i * 100, dropped: 0, duplicates: 0, gaps: 0, errors: 0 } }) }); });
    expect(renders).toBe(before);
    act(() => { store.receive({ type: 'status', status: status({ state: 'backoff', attempt: 1, lastClose: { code: 1006, reason: '', at: 5 } }) }); });
    expect(renders).toBe(before + 1);
  });
});
