import { afterEach, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { AttachPanel } from '../../../src/panel/components/sidebar/AttachPanel';

afterEach(cleanup);

/** The background's answer: site access held (loopback, as installed). */
const held = async () => true;

const input = (name: string) => document.querySelector(`input[name="${name}"]`) as HTMLInputElement;
const type = (name: string, value: string) => fireEvent.input(input(name), { target: { value } });

it('lists a keyed server with the key typed, and a pick attaches with that key (the fields survive the listing)', async () => {
  const onAttach = vi.fn();
  const listConversations = vi.fn(async (_url: string, key?: string) => {
    if (key !== 'sk-typed') throw new Error('/api/conversations/search?limit=100: HTTP 401');
    return [{ id: 'abc', title: 'Fix the tests' }];
  });
  render(<AttachPanel hasSiteAccess={held} listConversations={listConversations} onAttach={onAttach} onClose={() => undefined} />);
  type('sessionApiKey', 'sk-typed');
  type('listServerUrl', 'http://127.0.0.1:8000/');
  fireEvent.click(screen.getByText('List'));
  fireEvent.click(await screen.findByText('Fix the tests'));
  expect(listConversations).toHaveBeenCalledWith('http://127.0.0.1:8000', 'sk-typed');
  expect(input('sessionApiKey').value).toBe('sk-typed');
  expect(input('serverUrl').value).toBe('http://127.0.0.1:8000/');
  await vi.waitFor(() => expect(onAttach).toHaveBeenCalled());
  expect(onAttach).toHaveBeenCalledWith({ target: { serverUrl: 'http://127.0.0.1:8000', conversationId: 'abc', protocol: 'auto' }, sessionApiKey: 'sk-typed' });
});

it('asks for site access inside the click before listing a non-loopback server, and lists nothing without it', async () => {
  const listConversations = vi.fn(async () => [{ id: 'abc' }]);
  const requestPermission = vi.fn(() => Promise.resolve(false));
  render(<AttachPanel listConversations={listConversations} requestPermission={requestPermission} onAttach={() => undefined} onClose={() => undefined} />);
  type('listServerUrl', 'https://agent.example.com/runtime');
  fireEvent.click(screen.getByText('List'));
  expect(requestPermission).toHaveBeenCalledWith({ origins: ['https://agent.example.com/*'] });
  expect((await screen.findByText(/Could not list conversations/)).textContent).toMatch(/was not granted/);
  expect(listConversations).not.toHaveBeenCalled();
});

it('lists a non-loopback server from a panel that cannot ask (Firefox DevTools) when the background holds access', async () => {
  const listConversations = vi.fn(async () => [{ id: 'abc', title: 'Remote one' }]);
  const hasSiteAccess = vi.fn(async () => true);
  render(<AttachPanel listConversations={listConversations} hasSiteAccess={hasSiteAccess} onAttach={() => undefined} onClose={() => undefined} />);
  type('listServerUrl', 'https://agent.example.com/runtime');
  fireEvent.click(screen.getByText('List'));
  await screen.findByText('Remote one');
  expect(hasSiteAccess).toHaveBeenCalledWith('https://agent.example.com/runtime');
});

it('drops a listing once the server URL changes, so a pick never attaches to another server', async () => {
  render(<AttachPanel hasSiteAccess={held} listConversations={async () => [{ id: 'abc', title: 'On A' }]} onAttach={() => undefined} onClose={() => undefined} />);
  type('listServerUrl', 'http://127.0.0.1:8000');
  fireEvent.click(screen.getByText('List'));
  await screen.findByText('On A');
  type('serverUrl', 'http://127.0.0.1:9000');
  expect(screen.queryByText('On A')).toBeNull();
  expect(input('listServerUrl').value).toBe('http://127.0.0.1:9000');
});

/** A lister whose answers the test releases, per server asked, in any order. */
function slowLister() {
  const pending: Array<{ url: string; answer: (items: Array<{ id: string; title: string }>) => void }> = [];
  const listConversations = vi.fn((url: string) => new Promise<Array<{ id: string; title: string }>>((resolve) => { pending.push({ url, answer: resolve }); }));
  const answer = async (url: string, items: Array<{ id: string; title: string }>) => {
    pending.find((p) => p.url === url)!.answer(items);
    await new Promise((r) => setTimeout(r, 0)); // the answer's callbacks have run
    expect(document.querySelector('[role="status"]')).toBeNull();
  };
  return { listConversations, pending, answer };
}

it('drops a listing that answers after the server URL changed: no pick attaches A\'s conversation to B', async () => {
  const { listConversations, pending, answer } = slowLister();
  const onAttach = vi.fn();
  render(<AttachPanel hasSiteAccess={held} listConversations={listConversations} onAttach={onAttach} onClose={() => undefined} />);
  type('listServerUrl', 'http://127.0.0.1:8000');
  fireEvent.click(screen.getByText('List'));
  await vi.waitFor(() => expect(pending).toHaveLength(1));
  type('serverUrl', 'http://127.0.0.1:9000'); // the person moves on while A's list loads
  await answer('http://127.0.0.1:8000', [{ id: 'abc', title: 'On A' }]);
  expect(screen.queryByText('On A')).toBeNull();
  expect(onAttach).not.toHaveBeenCalled();
});

it('shows the listing of the last List click, not an older one answering late', async () => {
  const { listConversations, pending, answer } = slowLister();
  render(<AttachPanel hasSiteAccess={held} listConversations={listConversations} onAttach={() => undefined} onClose={() => undefined} />);
  type('listServerUrl', 'http://127.0.0.1:8000');
  fireEvent.click(screen.getByText('List'));
  await vi.waitFor(() => expect(pending).toHaveLength(1));
  type('listServerUrl', 'http://127.0.0.1:9000/'); // the List button is free again
  fireEvent.click(screen.getByText('List'));
  await vi.waitFor(() => expect(pending).toHaveLength(2));
  await answer('http://127.0.0.1:9000', [{ id: 'b1', title: 'On B' }]);
  await answer('http://127.0.0.1:8000', [{ id: 'abc', title: 'On A' }]);
  expect(screen.getByText('On B')).toBeTruthy();
  expect(screen.queryByText('On A')).toBeNull();
  type('listServerUrl', 'http://127.0.0.1:9000'); // the same server, written another way: still offered
  expect(screen.getByText('On B')).toBeTruthy();
});
