import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { Composer, templateStorageIn } from '../../../src/panel/components/composer';
import type { ComposerProps } from '../../../src/panel/components/composer';

afterEach(cleanup);

function setup(overrides: Partial<ComposerProps> = {}) {
  const actions = {
    send: vi.fn(async () => ({ ok: true as const, value: { seq: 7 } })),
    sendRest: vi.fn(async () => ({ ok: true as const })),
    control: vi.fn(async () => ({ ok: true as const })),
  };
  const view = render(<Composer protocol="v1-events" socketState="open" {...actions} now={() => 0} {...overrides} />);
  const text = view.container.querySelector('textarea[name="composer-text"]') as HTMLTextAreaElement;
  const type = (value: string) => fireEvent.input(text, { target: { value } });
  const clickSend = () => fireEvent.click(screen.getByRole('button', { name: 'Send' }));
  return { ...actions, view, text, type, clickSend };
}

describe('Composer', () => {
  it('sends a typed message as a V1 Message and lists it in the history', async () => {
    const c = setup();
    c.type('run the tests');
    c.clickSend();
    await waitFor(() => expect(c.send).toHaveBeenCalledTimes(1));
    expect(c.send).toHaveBeenCalledWith({ as: 'json', value: { role: 'user', content: [{ type: 'text', text: 'run the tests' }] } });
    await screen.findByText(/Sent over the socket/);
    expect(c.text.value).toBe('');
    expect(c.view.container.querySelector('.send-history li[data-via="socket"]')?.textContent).toContain('run the tests');
  });

  it('does not send a frame that fails validation and says why, inline', async () => {
    const c = setup();
    fireEvent.click(screen.getByLabelText(/Raw JSON frame/));
    c.type('{"role":"robot","content":"x"}');
    c.clickSend();
    const issues = await screen.findByTestId('composer-issues');
    expect(issues.textContent).toMatch(/^role/);
    c.type('{"role":');
    c.clickSend();
    await waitFor(() => expect(screen.getByTestId('composer-issues').textContent).toMatch(/not JSON/));
    expect(c.send).not.toHaveBeenCalled();
  });

  it('when the socket is not open, sends nothing and offers the REST route explicitly', async () => {
    const c = setup({ socketState: 'backoff' });
    c.type('hello');
    c.clickSend();
    const choice = await screen.findByTestId('composer-offline');
    expect(choice.textContent).toMatch(/socket is backoff: nothing was sent, and nothing is queued/);
    expect(c.send).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: /Send over REST/ }));
    await waitFor(() => expect(c.sendRest).toHaveBeenCalledWith({ role: 'user', content: [{ type: 'text', text: 'hello' }] }, true));
    await screen.findByText(/Sent over REST/);
  });

  it('over REST, sends and records the refused draft; text edited meanwhile stays in the editor', async () => {
    const c = setup({ socketState: 'backoff' });
    c.type('AAA');
    c.clickSend();
    await screen.findByTestId('composer-offline');
    c.type('BBB');
    fireEvent.click(screen.getByRole('button', { name: /Send over REST/ }));
    await screen.findByText(/Sent over REST/);
    expect(c.sendRest).toHaveBeenCalledWith({ role: 'user', content: [{ type: 'text', text: 'AAA' }] }, true);
    // Before: the history said BBB (never sent) and the editor was cleared.
    expect(c.view.container.querySelector('.send-history li[data-via="rest"]')?.textContent).toContain('AAA');
    expect(c.view.container.querySelector('.send-history')?.textContent).not.toContain('BBB');
    expect(c.text.value).toBe('BBB');
  });

  it('Ctrl+Enter while a send is out sends nothing more', async () => {
    let answer: (r: { ok: true; value: { seq: number } }) => void = () => undefined;
    const send = vi.fn(() => new Promise<{ ok: true; value: { seq: number } }>((resolve) => { answer = resolve; }));
    const c = setup({ send });
    c.type('once');
    fireEvent.keyDown(c.text, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(send).toHaveBeenCalledTimes(1));
    fireEvent.keyDown(c.text, { key: 'Enter', ctrlKey: true });
    fireEvent.keyDown(c.text, { key: 'Enter', ctrlKey: true });
    answer({ ok: true, value: { seq: 7 } });
    await screen.findByText(/Sent over the socket/);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('shows a refused send as an error and keeps the draft', async () => {
    const c = setup({ send: vi.fn(async () => ({ ok: false as const, error: 'socket closed meanwhile' })) });
    c.type('keep me');
    c.clickSend();
    await screen.findByText('Not sent: socket closed meanwhile');
    expect(c.text.value).toBe('keep me');
  });

  it('loads a "Send again" prefill and sends V0 oh_user_action dicts on a V0 conversation', async () => {
    const c = setup({ protocol: 'v0-socketio', prefill: { mode: 'v0-action', text: '{"action":"change_agent_state","args":{"agent_state":"stopped"}}', images: [] } });
    expect(c.text.value).toContain('change_agent_state');
    c.clickSend();
    await waitFor(() => expect(c.send).toHaveBeenCalledWith({ as: 'v0-action', event: 'oh_user_action', value: { action: 'change_agent_state', args: { agent_state: 'stopped' } } }));
  });

  it('a frame nothing echoes (a raw frame of another role, a V0 action other than a message) is said to be sent, not pending', async () => {
    const c = setup();
    fireEvent.click(screen.getByLabelText(/Raw JSON frame/));
    c.type('{"role":"system","content":"be brief"}');
    c.clickSend();
    expect((await screen.findByTestId('composer-outcome')).textContent).toBe('Sent over the socket; nothing echoes this frame, so the log marks it sent.');
    cleanup();
    const v0 = setup({ protocol: 'v0-socketio', prefill: { mode: 'v0-action', text: '{"action":"change_agent_state","args":{"agent_state":"stopped"}}', images: [] } });
    v0.clickSend();
    expect((await screen.findByTestId('composer-outcome')).textContent).toBe('Sent over the socket; nothing echoes this frame, so the log marks it sent.');
    cleanup();
    const message = setup({ protocol: 'v0-socketio' });
    message.type('hello');
    message.clickSend();
    expect((await screen.findByTestId('composer-outcome')).textContent).toBe('Sent over the socket; the log marks it pending until the server echoes it.');
  });

  it('changes the conversation only after an explicit confirmation', async () => {
    const c = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    expect(c.control).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent.click(screen.getByRole('button', { name: 'Reject action' }));
    fireEvent.click(screen.getByRole('button', { name: 'Confirm reject action' }));
    await waitFor(() => expect(c.control).toHaveBeenCalledWith('reject', 'User rejected the action.'));
    expect(c.control).toHaveBeenCalledTimes(1);
    await screen.findByText('reject: done');
  });

  it('saves a template to storage, picks it back, and refuses a bad template file', async () => {
    const data: Record<string, unknown> = {};
    const storage = templateStorageIn({ get: async (k) => ({ [k]: data[k] }), set: async (items) => { Object.assign(data, items); } });
    const c = setup({ templateStorage: storage });
    c.type('from a template');
    fireEvent.input(c.view.container.querySelector('input[name="template-name"]') as HTMLInputElement, { target: { value: 'mine' } });
    const save = screen.getByRole('button', { name: 'Save as template' }) as HTMLButtonElement;
    await waitFor(() => expect(save.disabled).toBe(false)); // once the saved ones are loaded
    fireEvent.click(save);
    await screen.findByText('saved “mine”');
    expect((await storage.load()).templates).toEqual([{ name: 'mine', draft: { mode: 'message', text: 'from a template', images: [] } }]);
    c.type('');
    const select = c.view.container.querySelector('select[name="template"]') as HTMLSelectElement;
    const option = Array.from(select.querySelectorAll('option')).find((o) => o.textContent === '★ mine') as HTMLOptionElement;
    fireEvent.change(select, { target: { value: option.value } });
    expect(c.text.value).toBe('from a template');
    const file = new File(['{"format":"nope"}'], 't.json', { type: 'application/json' });
    fireEvent.change(c.view.container.querySelector('input[name="import-templates"]') as HTMLInputElement, { target: { files: [file] } });
    await screen.findByText(/^not a template file/);
    expect((await storage.load()).templates).toHaveLength(1);
  });

  it('says why it is disabled for an imported recording', () => {
    render(<Composer protocol="v1-events" socketState={undefined} send={vi.fn()} sendRest={vi.fn()} control={vi.fn()} disabledReason="Imported recording: nothing to send to." />);
    expect(screen.getByText('Imported recording: nothing to send to.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Send' })).toBeNull();
  });
});
