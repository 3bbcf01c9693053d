// The narrow layout's pane state (panel.css decides when it applies): ☰ opens the sidebar as a
// drawer and a choice made in it closes it; a new selection opens the detail pane under the log
// and × closes it; with the attach form shown there is no detail to open.
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { App } from '../../../src/panel/App';
import { createPanelStore } from '../../../src/panel/store/panel-store';
import type { LogRecord } from '../../../src/shared/record';

afterEach(cleanup);

const record = (seq: number): LogRecord => ({
  seq, conversationKey: 'i', direction: 'in', receivedAt: 0, protocol: 'v1-events', validity: 'ok',
  raw: JSON.stringify({ id: `e${seq}`, kind: 'MessageEvent' }), rawEncoding: 'text', size: 10, frameType: 'event',
  category: 'message', eventId: `e${seq}`, summary: `message ${seq}`,
});

function setup() {
  const store = createPanelStore({ request: () => Promise.resolve(undefined) });
  const first = store.addImported({ title: 'first.cdt.ndjson' }, [record(1), record(2)]);
  const second = store.addImported({ title: 'second.har' }, [record(1)]);
  render(<App store={store} env={{ copy: () => undefined }} />);
  const app = document.querySelector('.app') as HTMLElement;
  return { store, first, second, app };
}

describe('narrow layout panes', () => {
  it('☰ opens the sidebar drawer; picking a conversation there (even the shown one) or Attach… closes it', () => {
    const { second, app } = setup();
    const toggle = screen.getByRole('button', { name: 'Connections' });
    expect(app.dataset.sidebar).toBe('closed');
    fireEvent.click(toggle);
    expect(app.dataset.sidebar).toBe('open');
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(document.querySelector(`.conn[data-key="${second}"] .conn-main`)!);
    expect(app.dataset.sidebar).toBe('closed');
    fireEvent.click(toggle);
    fireEvent.click(document.querySelector(`.conn[data-key="${second}"] .conn-main`)!);
    expect(app.dataset.sidebar).toBe('closed');
    fireEvent.click(toggle);
    fireEvent.click(screen.getByText('Attach…'));
    expect(app.dataset.sidebar).toBe('closed');
  });

  it('the backdrop and Escape close the drawer', () => {
    const { app } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Connections' }));
    fireEvent.click(screen.getByTestId('sidebar-backdrop'));
    expect(app.dataset.sidebar).toBe('closed');
    fireEvent.click(screen.getByRole('button', { name: 'Connections' }));
    fireEvent.keyDown(document.querySelector('.pane-sidebar button')!, { key: 'Escape' });
    expect(app.dataset.sidebar).toBe('closed');
  });

  it('each new selection opens the detail pane; × closes it; the Detail toggle reopens it', () => {
    const { store, first, app } = setup();
    act(() => store.activate(first));
    expect(app.dataset.detail).toBe('closed');
    act(() => store.select(first, 1));
    expect(app.dataset.detail).toBe('open');
    fireEvent.click(screen.getByRole('button', { name: 'Close detail' }));
    expect(app.dataset.detail).toBe('closed');
    act(() => store.select(first, 2));
    expect(app.dataset.detail).toBe('open');
    fireEvent.click(screen.getByRole('button', { name: 'Detail' }));
    expect(app.dataset.detail).toBe('closed');
    fireEvent.click(screen.getByRole('button', { name: 'Detail' }));
    expect(app.dataset.detail).toBe('open');
  });

  it('with the attach form shown there is no detail to toggle', () => {
    const { store, first, app } = setup();
    act(() => store.select(first, 1));
    fireEvent.click(screen.getByText('Attach…'));
    expect(app.dataset.detail).toBe('closed');
    expect(screen.queryByRole('button', { name: 'Detail' })).toBeNull();
  });
});
