import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { options } from 'preact';
import { App } from '../../../src/panel/App';
import { RecordDetail } from '../../../src/panel/components/detail';
import { ConnectionItem } from '../../../src/panel/components/sidebar/ConnectionItem';
import { Sidebar } from '../../../src/panel/components/sidebar/Sidebar';
import { Conversation } from '../../../src/panel/store/conversation';
import { createPanelStore } from '../../../src/panel/store/panel-store';
import type { ConnectionStatus } from '../../../src/shared/connection';
import type { DataMessage } from '../../../src/panel/store/apply-message';

afterEach(() => { cleanup(); vi.useRealTimers(); });

function status(key: string, extra: Partial<ConnectionStatus> = {}): ConnectionStatus {
  return {
    key, target: { serverUrl: 'http://127.0.0.1:1', conversationId: key, protocol: 'v1-events' }, state: 'open', attempt: 0,
    historyLoading: false, counts: { records: 3, bytes: 10, dropped: 0, duplicates: 2, gaps: 1, errors: 0 },
    keepCapturing: false, subscribers: 1, hasKey: false, ...extra,
  };
}

const noop = { onActivate: () => undefined, onReconnectNow: () => undefined, onDisconnect: () => undefined, onDetach: () => undefined };

describe('connection item', () => {
  it('shows backoff with attempt, a live countdown, the last close code and Reconnect now', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const c = new Conversation('k', { type: 'live' });
    c.status.value = status('k', { state: 'backoff', attempt: 3, nextRetryAt: 1_004_000, lastClose: { code: 1006, reason: 'abnormal', at: 999_000 } });
    const onReconnectNow = vi.fn();
    render(<ConnectionItem conversation={c} active {...noop} onReconnectNow={onReconnectNow} />);
    expect(document.querySelector('.badge')?.getAttribute('data-state')).toBe('backoff');
    expect(screen.getByTestId('unified-status').textContent).toBe('DISCONNECTED');
    expect(screen.getByTestId('retry-line').textContent).toBe('attempt 3 · retry in 4 s');
    expect(screen.getByTestId('last-close').textContent).toBe('closed 1006 abnormal');
    act(() => { vi.advanceTimersByTime(2_000); });
    expect(screen.getByTestId('retry-line').textContent).toBe('attempt 3 · retry in 2 s');
    fireEvent.click(screen.getByText('Reconnect now'));
    expect(onReconnectNow).toHaveBeenCalledWith('k');
  });

  it('shows a failed reason with Retry, history loading and counts incl. merged duplicates', () => {
    const c = new Conversation('k', { type: 'live' });
    c.status.value = status('k', { state: 'failed', failedReason: '4001 unauthorized', historyLoading: true });
    c.mergedDuplicates.value = 5;
    const onReconnectNow = vi.fn();
    render(<ConnectionItem conversation={c} active={false} {...noop} onReconnectNow={onReconnectNow} />);
    expect(screen.getByRole('alert').textContent).toContain('4001 unauthorized');
    fireEvent.click(screen.getByText('Retry'));
    expect(onReconnectNow).toHaveBeenCalledWith('k');
    expect(screen.getByTestId('history-loading')).toBeTruthy();
    expect(screen.getByTestId('count-duplicates').textContent).toBe('7');
    expect(screen.getByTestId('count-gaps').textContent).toBe('1');
  });

  // The reason says what to check. Retry stays: a sandbox that was stopped has the conversation
  // again once it is resumed (§ runtime GC'd → WS 404), and Retry is how to ask then.
  it('a conversation the server does not have (4004) says what to check, and still offers Retry', () => {
    const c = new Conversation('k', { type: 'live' });
    const failedReason = 'no conversation k on this server (closed with 4004): check the id or the server URL';
    c.status.value = status('k', { state: 'failed', failedReason, lastClose: { code: 4004, reason: 'Conversation not found', at: 1 } });
    render(<ConnectionItem conversation={c} active {...noop} />);
    expect(screen.getByRole('alert').textContent).toBe(`${failedReason} Retry`);
    expect(screen.getByText('Retry')).toBeTruthy();
    expect(screen.getByText('Detach')).toBeTruthy();
  });

  // A keyless socket the server has accepted but not authenticated: it used to read
  // "open / CONNECTED / loading history…" until the server's 4001 ten seconds later.
  it('open without a key and nothing received: waiting for authentication, not connected nor loading history', () => {
    const c = new Conversation('k', { type: 'live' });
    c.status.value = status('k', { state: 'open', historyLoading: true, awaitingAuth: true });
    render(<ConnectionItem conversation={c} active {...noop} />);
    expect(document.querySelector('.badge')?.getAttribute('data-state')).toBe('open');
    expect(screen.getByTestId('unified-status').textContent).toBe('CONNECTING');
    expect(screen.getByTestId('awaiting-auth').textContent).toBe('waiting for authentication (no session key sent)');
    expect(screen.queryByTestId('history-loading')).toBeNull();
    act(() => { c.status.value = status('k', { state: 'open', historyLoading: true }); });
    expect(screen.getByTestId('unified-status').textContent).toBe('CONNECTED');
    expect(screen.queryByTestId('awaiting-auth')).toBeNull();
    expect(screen.getByTestId('history-loading')).toBeTruthy();
  });
});

describe('connection titles', () => {
  it('carry the whole title as a tooltip, where the sidebar cuts them', () => {
    const c = new Conversation('k', { type: 'live' });
    const title = 'Make tests/test_api.py pass and then refactor the handlers';
    c.status.value = status('k', { title });
    render(<ConnectionItem conversation={c} active {...noop} />);
    const shown = document.querySelector('.conn-title')!;
    expect(shown.textContent).toBe(title);
    expect(shown.getAttribute('title')).toBe(title);
  });

  it('tell two imports of one conversation apart by format and file', () => {
    const store = createPanelStore({ request: () => Promise.resolve(undefined) });
    const base = '7f3c2a9e-58b4-4c1e-9d0a-3e6b1f2c4d5e-2026-11-26T17-05-13';
    for (const [file, format] of [[`${base}.cdt.ndjson`, 'ndjson'], [`${base}.har`, 'har']] as const) {
      store.addImported({ title: file, origin: file, format, conversationId: '7f3c2a9e-58b4-4c1e-9d0a-3e6b1f2c4d5e' }, []);
    }
    render(<Sidebar store={store} onAttachClick={() => undefined} {...noop} />);
    const items = [...document.querySelectorAll('.conn')].map((item) => ({
      format: item.querySelector('[data-testid="import-format"]')?.textContent,
      file: item.querySelector('.conn-file')?.getAttribute('title'),
      title: item.querySelector('.conn-title')?.getAttribute('title'),
    }));
    expect(items).toEqual([
      { format: 'NDJSON', file: `${base}.cdt.ndjson`, title: `${base}.cdt.ndjson` },
      { format: 'HAR', file: `${base}.har`, title: `${base}.har` },
    ]);
  });
});

describe('sidebar', () => {
  it('nests sub-conversations under their parent', () => {
    const store = createPanelStore({ request: () => Promise.resolve(undefined) });
    const ctx = (m: DataMessage) => store.receive(m);
    ctx({ type: 'status', status: status('child', { parentKey: 'parent', title: 'Child' }) });
    ctx({ type: 'status', status: status('other', { title: 'Other' }) });
    ctx({ type: 'status', status: status('parent', { title: 'Parent' }) });
    render(<Sidebar store={store} onAttachClick={() => undefined} {...noop} />);
    const items = [...document.querySelectorAll('.conn-nest')].map((n) => `${n.getAttribute('data-depth')}:${n.querySelector('.conn-title')?.textContent}`);
    expect(items).toEqual(['0:Other', '0:Parent', '1:Child']);
  });

  it('re-renders for a change of the tree, not for every counts broadcast', () => {
    const store = createPanelStore({ request: () => Promise.resolve(undefined) });
    store.receive({ type: 'status', status: status('parent', { title: 'Parent' }) });
    store.receive({ type: 'status', status: status('child', { title: 'Child' }) });
    let renders = 0;
    const previous = options.diffed;
    options.diffed = (vnode) => { if (vnode.type === Sidebar) renders += 1; previous?.(vnode); };
    try {
      render(<Sidebar store={store} onAttachClick={() => undefined} {...noop} />);
      const before = renders;
      act(() => { for (let i = 0; i < 10; i += 1) store.receive({ type: 'status', status: status('child', { title: 'Child', counts: { records: i, bytes: i, dropped: 0, duplicates: 0, gaps: 0, errors: 0 } }) }); });
      expect(renders).toBe(before);
      act(() => { store.receive({ type: 'status', status: status('child', { title: 'Child', parentKey: 'parent' }) }); });
      expect(renders).toBe(before + 1);
      expect([...document.querySelectorAll('.conn-nest')].map((n) => n.getAttribute('data-depth'))).toEqual(['0', '1']);
    } finally {
      options.diffed = previous;
    }
  });
});

describe('app shell', () => {
  it('puts the link state on the root, shows the attach panel when empty, and shows a listing error plainly', async () => {
    const store = createPanelStore({
      request: (command) => command.name === 'listConversations'
        ? Promise.reject(new Error('command listConversations is not supported by this service worker yet'))
        : Promise.resolve(command.name === 'hasSiteAccess' ? true : undefined),
    });
    render(<App store={store} env={{ copy: () => undefined }} />);
    expect(document.querySelector('.app')?.getAttribute('data-link-state')).toBe('connecting');
    store.link.state.value = 'reconnecting';
    await screen.findByTestId('link-banner');
    expect(document.querySelector('.app')?.getAttribute('data-link-state')).toBe('reconnecting');
    fireEvent.input(document.querySelector('input[name="listServerUrl"]')!, { target: { value: 'http://127.0.0.1:1' } });
    fireEvent.submit(document.querySelector('.attach-list-form')!);
    expect((await screen.findByText(/Could not list conversations/)).textContent).toMatch(/not supported by this service worker yet/);
  });

  it('refuses to list a server URL carrying a key, without asking the service worker', async () => {
    const request = vi.fn(() => Promise.resolve(undefined));
    render(<App store={createPanelStore({ request })} env={{ copy: () => undefined }} />);
    fireEvent.input(document.querySelector('input[name="listServerUrl"]')!, { target: { value: 'http://127.0.0.1:1/?session_api_key=x' } });
    fireEvent.submit(document.querySelector('.attach-list-form')!);
    expect((await screen.findByText(/Could not list conversations/)).textContent).toMatch(/put the key in its own field/);
    expect(request).not.toHaveBeenCalledWith(expect.objectContaining({ name: 'listConversations' }));
  });

  it('opens the attach panel from the sidebar over a conversation and closes it with Escape', async () => {
    const store = createPanelStore({ request: () => Promise.resolve(undefined) });
    store.addImported({ title: 'rec' }, []);
    render(<App store={store} env={{ copy: () => undefined }} />);
    expect(document.querySelector('.attach-panel')).toBeNull();
    fireEvent.click(screen.getByText('Attach…'));
    const dialog = await screen.findByRole('dialog', { name: 'Attach' });
    fireEvent.keyDown(dialog.querySelector('input')!, { key: 'Escape' });
    await vi.waitFor(() => expect(document.querySelector('.attach-panel')).toBeNull());
  });

  it('reads the inspected page again each time the attach panel opens', async () => {
    const store = createPanelStore({ request: () => Promise.resolve(undefined) });
    store.addImported({ title: 'rec' }, []);
    const refreshInspected = vi.fn();
    render(<App store={store} env={{ copy: () => undefined, refreshInspected }} />);
    expect(refreshInspected).not.toHaveBeenCalled();
    fireEvent.click(screen.getByText('Attach…'));
    await screen.findByRole('dialog', { name: 'Attach' });
    expect(refreshInspected).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByLabelText('Close'));
    fireEvent.click(await screen.findByText('Attach…'));
    await screen.findByRole('dialog', { name: 'Attach' });
    expect(refreshInspected).toHaveBeenCalledTimes(2);
  });

  it('shows the selected record and the state derived up to it', async () => {
    const store = createPanelStore({ request: () => Promise.resolve(undefined) });
    const raw = (o: object) => JSON.stringify(o);
    const rec = (seq: number, value: string) => ({
      seq, conversationKey: 'i', direction: 'in' as const, receivedAt: 0, protocol: 'v1-events' as const, validity: 'ok' as const,
      raw: raw({ id: `e${seq}`, kind: 'ConversationStateUpdateEvent', key: 'execution_status', value }), rawEncoding: 'text' as const,
      size: 10, frameType: 'event' as const, category: 'state' as const, eventId: `e${seq}`, summary: `status ${value}`,
    });
    const key = store.addImported({ title: 'rec' }, [rec(1, 'running'), rec(2, 'finished')]);
    render(<App store={store} env={{ copy: () => undefined }} />);
    expect(document.querySelector('.badge[data-state]')?.getAttribute('data-state')).toBe('imported');
    store.select(key, 1);
    await screen.findByText('status running', { selector: '.record-summary' });
    expect(document.querySelector('.detail-state')?.textContent).toContain('running');
    expect(document.querySelector('.detail-state h3')?.textContent).toBe('State at #1');
  });

  it('renders the selected record again when it changes, not for every batch of other records', async () => {
    const store = createPanelStore({ request: () => Promise.resolve(undefined) });
    const rec = (seq: number, summary = `event ${seq}`) => ({
      seq, conversationKey: 'i', direction: 'in' as const, receivedAt: 0, protocol: 'v1-events' as const, validity: 'ok' as const,
      raw: JSON.stringify({ id: `e${seq}`, kind: 'MessageEvent' }), rawEncoding: 'text' as const,
      size: 10, frameType: 'event' as const, category: 'message' as const, eventId: `e${seq}`, summary,
    });
    const key = store.addImported({ title: 'rec' }, [rec(1), rec(2)]);
    const conversation = store.conversations.peek().find((c) => c.key === key)!;
    let detailRenders = 0;
    const previous = options.diffed;
    options.diffed = (vnode) => { if (vnode.type === RecordDetail) detailRenders += 1; previous?.(vnode); };
    try {
      render(<App store={store} env={{ copy: () => undefined }} />);
      act(() => { store.select(key, 1); });
      await screen.findByText('event 1', { selector: '.record-summary' });
      const before = detailRenders;
      act(() => { conversation.admit([rec(3), rec(4)]); });
      act(() => { conversation.admit([rec(5)]); });
      expect(detailRenders).toBe(before);
      act(() => { conversation.replace([rec(1, 'event 1, grown')]); });
      expect(detailRenders).toBe(before + 1);
      expect(document.querySelector('.record-summary')?.textContent).toBe('event 1, grown');
      act(() => { store.select(key, 4); });
      expect(document.querySelector('.record-summary')?.textContent).toBe('event 4');
    } finally {
      options.diffed = previous;
    }
  });
});
