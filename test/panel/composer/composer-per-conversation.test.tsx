// The composer is remounted when the sidebar switches conversations (App keys it by conversation).
// What it holds belongs to the conversation: the draft, the send history, a send the closed socket
// refused (waiting for "Send over REST") and a send still out survive a look at another one.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { ConversationComposer, type RunCommand } from '../../../src/panel/components/composer';
import { Conversation } from '../../../src/panel/store/conversation';
import type { ConnectionStatus } from '../../../src/shared/connection';

afterEach(cleanup);

function liveConversation(id: string, state: ConnectionStatus['state'] = 'open'): Conversation {
  const key = `http://127.0.0.1:8000#${id}`;
  const conversation = new Conversation(key, { type: 'live' });
  conversation.status.value = {
    key, target: { serverUrl: 'http://127.0.0.1:8000', conversationId: id, protocol: 'v1-events' }, generation: 'v1-events',
    state, attempt: 0, historyLoading: false, counts: { records: 0, bytes: 0, dropped: 0, duplicates: 0, gaps: 0, errors: 0 },
    keepCapturing: false, subscribers: 1, hasKey: true,
  };
  return conversation;
}

/** The drawer as App renders it: one composer, keyed by the active conversation. */
function renderDrawer(command: RunCommand, first: Conversation) {
  const view = render(<ConversationComposer key={first.key} conversation={first} command={command} />);
  const show = (conversation: Conversation) => view.rerender(<ConversationComposer key={conversation.key} conversation={conversation} command={command} />);
  const text = () => view.container.querySelector('textarea[name="composer-text"]') as HTMLTextAreaElement;
  const type = (value: string) => fireEvent.input(text(), { target: { value } });
  return { view, show, text, type };
}

describe('composer state per conversation', () => {
  it('the draft, the send history and the REST choice survive a look at another conversation', async () => {
    const a = liveConversation('a', 'backoff');
    const b = liveConversation('b');
    const command = vi.fn(async () => ({ seq: 1, delivery: 'accepted' }));
    const d = renderDrawer(command, a);
    d.type('first message');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    fireEvent.click(await screen.findByRole('button', { name: /Send over REST/ }));
    await screen.findByText(/Sent over REST/);
    d.type('a long test prompt I am still writing…');
    fireEvent.click(screen.getByRole('button', { name: 'Send' })); // refused: the socket is in backoff
    await screen.findByTestId('composer-offline');
    fireEvent.click(d.view.container.querySelector('input[name="rest-run"]') as HTMLInputElement); // no run this time

    d.show(b);
    expect(d.text().value).toBe('');
    expect(d.view.container.querySelector('.send-history')).toBeNull();
    d.show(a);

    expect(d.text().value).toBe('a long test prompt I am still writing…');
    expect(d.view.container.querySelector('.send-history li[data-via="rest"]')?.textContent).toContain('first message');
    expect(screen.getByTestId('composer-offline')).toBeTruthy();
    expect((d.view.container.querySelector('input[name="rest-run"]') as HTMLInputElement).checked).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: /Send over REST/ }));
    await waitFor(() => expect(command).toHaveBeenLastCalledWith('send over REST', {
      name: 'sendRest', key: a.key, message: { role: 'user', content: [{ type: 'text', text: 'a long test prompt I am still writing…' }] }, run: false,
    }));
  });

  it('a send still out when the person looks away lands in its own conversation, and Send stays busy there', async () => {
    const a = liveConversation('a');
    const b = liveConversation('b');
    let answer: (value: unknown) => void = () => undefined;
    const command = vi.fn(() => new Promise<unknown>((resolve) => { answer = resolve; }));
    const d = renderDrawer(command, a);
    d.type('slow one');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(command).toHaveBeenCalledTimes(1));
    d.show(b);
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(false);
    d.show(a);
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true); // one send at a time, per conversation
    d.show(b);
    answer(4); // while another conversation is shown
    await waitFor(() => expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy());
    expect(d.view.container.querySelector('.send-history')).toBeNull(); // not in b's history
    d.show(a);
    await waitFor(() => expect(d.view.container.querySelector('.send-history li[data-via="socket"]')?.textContent).toContain('slow one'));
    expect(d.text().value).toBe('');
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(false);
  });
});
