import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { StatusBar } from '../../../src/panel/components/status/StatusBar';
import { createPanelStore } from '../../../src/panel/store/panel-store';

afterEach(cleanup);

describe('StatusBar', () => {
  it('shows reloaded events a merge could not place, and reloads the log from the SW on click', () => {
    const store = createPanelStore({ request: () => Promise.resolve(undefined) });
    const key = 'http://127.0.0.1:1#demo';
    store.receive({
      type: 'snapshot', key, records: [], droppedBefore: 0, done: true,
      status: {
        key, target: { serverUrl: 'http://127.0.0.1:1', conversationId: 'demo', protocol: 'v0-socketio' }, state: 'open', attempt: 0, historyLoading: false,
        counts: { records: 0, bytes: 0, dropped: 0, duplicates: 0, gaps: 0, errors: 0 }, keepCapturing: false, subscribers: 1, hasKey: false,
      },
    });
    store.activate(key);
    const conversation = store.active.value!;
    const reloadFromSw = vi.fn();
    render(<StatusBar store={{ link: store.link, active: store.active, reloadFromSw }} />);
    expect(screen.queryByTestId('status-unplaced')).toBeNull();
    act(() => { conversation.unplacedAfterRestart.value = 1_234; });
    const button = screen.getByTestId('status-unplaced');
    expect(button.textContent).toContain('1,234 reloaded events not shown');
    fireEvent.click(button);
    expect(reloadFromSw).toHaveBeenCalledWith(key);
  });
});
