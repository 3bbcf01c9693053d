// The tab "Open as tab" opens: the Attach form filled from the link and shown even when the
// service worker already holds connections; nothing attaches until the person clicks Attach
// (the click is what asks for site access).
import { afterEach, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { App } from '../../../src/panel/App';
import { createPanelStore } from '../../../src/panel/store/panel-store';
import type { Command } from '../../../src/shared/port/messages';

afterEach(cleanup);

const field = (name: string) => document.querySelector(`.attach-dialog [name="${name}"]`) as HTMLInputElement;

it('fills the Attach form from a prefill link and attaches only on the click, after asking for access', async () => {
  const commands: Command[] = [];
  const store = createPanelStore({ request: async (command) => { commands.push(command); return command.name === 'attach' ? 'k' : undefined; } });
  store.receive({ type: 'status', status: {
    key: 'other', target: { serverUrl: 'http://127.0.0.1:1', conversationId: 'other', protocol: 'auto' }, state: 'open', attempt: 0,
    historyLoading: false, counts: { records: 0, bytes: 0, dropped: 0, duplicates: 0, gaps: 0, errors: 0 },
    keepCapturing: false, subscribers: 1, hasKey: false,
  } });
  const requestPermission = vi.fn(async () => true);
  render(<App store={store} env={{
    copy: () => undefined, requestPermission, openAttach: true,
    attachPrefill: { serverUrl: 'http://agent.test:8000', conversationId: 'abc', protocol: 'v1-session' },
  }} />);
  expect(field('serverUrl').value).toBe('http://agent.test:8000');
  expect(field('conversationId').value).toBe('abc');
  expect((document.querySelector('.attach-dialog select[name="protocol"]') as HTMLSelectElement).value).toBe('v1-session');
  expect(field('sessionApiKey').value).toBe('');
  expect(commands.filter((c) => c.name === 'attach')).toEqual([]);
  fireEvent.click(screen.getByText('Attach'));
  expect(requestPermission).toHaveBeenCalledWith({ origins: ['http://agent.test/*'] });
  await vi.waitFor(() => expect(commands.find((c) => c.name === 'attach')).toMatchObject({
    name: 'attach', target: { serverUrl: 'http://agent.test:8000', conversationId: 'abc', protocol: 'v1-session' },
  }));
});
