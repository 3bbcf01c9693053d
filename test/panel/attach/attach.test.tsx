import { describe, expect, it, vi, afterEach } from 'vitest';
import { render, fireEvent, cleanup, screen } from '@testing-library/preact';
import { AttachDialog, resolveInspectedPage, validateManualEntry } from '../../../src/panel/attach';
import type { FetchLike } from '../../../src/panel/attach';

afterEach(cleanup);

function fakeFetch(items: unknown[], status = 200): FetchLike & { calls: string[] } {
  const calls: string[] = [];
  const fn = (url: string) => {
    calls.push(url);
    return Promise.resolve({ ok: status === 200, status, json: () => Promise.resolve({ items }) });
  };
  return Object.assign(fn, { calls });
}

describe('resolveInspectedPage', () => {
  it('resolves a RUNNING conversation, keeping the path prefix', async () => {
    const fetch = fakeFetch([{ id: 'abc', sandbox_status: 'RUNNING', session_api_key: 'k1', conversation_url: 'http://sb:8000/runtime/x/api/conversations/abc' }]);
    const result = await resolveInspectedPage('http://host:3000/conversations/abc', fetch);
    expect(fetch.calls[0]).toBe('http://host:3000/api/v1/app-conversations?ids=abc');
    expect(result).toEqual({ ok: true, serverUrl: 'http://sb:8000/runtime/x', conversationId: 'abc', sessionApiKey: 'k1', sandboxStatus: 'RUNNING' });
  });

  it('explains PAUSED and MISSING sandboxes', async () => {
    const paused = await resolveInspectedPage('http://host:3000/conversations/abc', fakeFetch([{ id: 'abc', sandbox_status: 'PAUSED' }]));
    expect(paused).toEqual({ ok: false, reason: expect.stringMatching(/paused; resume it in OpenHands/) });
    const missing = await resolveInspectedPage('http://host:3000/conversations/abc', fakeFetch([{ id: 'abc', sandbox_status: 'MISSING' }]));
    expect(missing.ok).toBe(false);
    const unknown = await resolveInspectedPage('http://host:3000/conversations/abc', fakeFetch([]));
    expect(unknown.ok).toBe(false);
  });

  it('rejects a page that is not an app conversation page without fetching', async () => {
    const fetch = fakeFetch([]);
    const result = await resolveInspectedPage('http://host:3000/settings', fetch);
    expect(result.ok).toBe(false);
    expect(fetch.calls).toHaveLength(0);
  });
});

describe('manual entry', () => {
  it('validates the URL and id', () => {
    expect(validateManualEntry({ serverUrl: 'ftp://x', conversationId: '', sessionApiKey: '', protocol: 'auto' }).errors)
      .toEqual({ serverUrl: expect.any(String), conversationId: expect.any(String) });
    const ok = validateManualEntry({ serverUrl: 'http://localhost:8000/', conversationId: 'abc', sessionApiKey: '', protocol: 'auto' });
    expect(ok.target).toEqual({ serverUrl: 'http://localhost:8000', conversationId: 'abc', protocol: 'auto' });
  });

  it('shows validation messages and masks the key', () => {
    render(<AttachDialog onAttach={() => {}} />);
    expect((document.querySelector('input[name="sessionApiKey"]') as HTMLInputElement).type).toBe('password');
    expect((document.querySelector('select[name="protocol"]') as HTMLSelectElement).value).toBe('auto');
    fireEvent.click(screen.getByText('Attach'));
    expect(screen.getAllByRole('alert').length).toBe(2);
  });
});

describe('host permission', () => {
  it('requests synchronously inside the click for a non-loopback server', async () => {
    const onAttach = vi.fn();
    const requestPermission = vi.fn(() => Promise.resolve(true));
    render(<AttachDialog onAttach={onAttach} requestPermission={requestPermission} initial={{ serverUrl: 'https://agent.example.com/p', conversationId: 'abc', sessionApiKey: 's' }} />);
    fireEvent.click(screen.getByText('Attach'));
    expect(requestPermission).toHaveBeenCalledWith({ origins: ['https://agent.example.com/*'] });
    await vi.waitFor(() => expect(onAttach).toHaveBeenCalled());
    expect(onAttach).toHaveBeenCalledWith({ target: { serverUrl: 'https://agent.example.com/p', conversationId: 'abc', protocol: 'auto' }, sessionApiKey: 's' });
  });

  it('requests for loopback too (access a person switched off is asked for again), and attaches once granted', async () => {
    const onAttach = vi.fn();
    const requestPermission = vi.fn(() => Promise.resolve(true));
    render(<AttachDialog onAttach={onAttach} requestPermission={requestPermission} initial={{ serverUrl: 'http://127.0.0.1:8000', conversationId: 'abc' }} />);
    fireEvent.click(screen.getByText('Attach'));
    expect(requestPermission).toHaveBeenCalledWith({ origins: ['http://127.0.0.1/*'] });
    await vi.waitFor(() => expect(onAttach).toHaveBeenCalled());
  });

  it('refuses a loopback server whose access the person declined', async () => {
    const onAttach = vi.fn();
    render(<AttachDialog onAttach={onAttach} requestPermission={() => Promise.resolve(false)} initial={{ serverUrl: 'http://127.0.0.1:8000', conversationId: 'abc' }} />);
    fireEvent.click(screen.getByText('Attach'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Access to http:\/\/127\.0\.0\.1:8000 was not granted/);
    expect(onAttach).not.toHaveBeenCalled();
  });

  it('attaches from a panel that cannot ask (Firefox DevTools) when the background already holds access', async () => {
    const onAttach = vi.fn();
    const hasSiteAccess = vi.fn(() => Promise.resolve(true));
    render(<AttachDialog onAttach={onAttach} hasSiteAccess={hasSiteAccess} onOpenAsTab={() => {}} initial={{ serverUrl: 'https://agent.example.com/p', conversationId: 'abc' }} />);
    fireEvent.click(screen.getByText('Attach'));
    await vi.waitFor(() => expect(onAttach).toHaveBeenCalled());
    expect(hasSiteAccess).toHaveBeenCalledWith('https://agent.example.com/p');
    expect(screen.queryByText('Open as tab')).toBeNull();
  });

  it('attaches the inspected conversation from a panel that cannot ask when access is held', async () => {
    const onAttach = vi.fn();
    render(<AttachDialog onAttach={onAttach} hasSiteAccess={() => Promise.resolve(true)}
      resolved={{ ok: true, serverUrl: 'https://sb.example.com/runtime/x', conversationId: 'abc', sessionApiKey: 'k1' }} />);
    fireEvent.click(screen.getByText(/Attach to the inspected conversation/));
    await vi.waitFor(() => expect(onAttach).toHaveBeenCalledWith({ target: { serverUrl: 'https://sb.example.com/runtime/x', conversationId: 'abc', protocol: 'auto' }, sessionApiKey: 'k1' }));
  });

  it('explains and offers a tab when the panel cannot ask and access is missing (Firefox)', async () => {
    const onAttach = vi.fn();
    const onOpenAsTab = vi.fn();
    render(<AttachDialog onAttach={onAttach} hasSiteAccess={() => Promise.resolve(false)} onOpenAsTab={onOpenAsTab}
      initial={{ serverUrl: 'https://agent.example.com/', conversationId: 'abc', sessionApiKey: 'sk-typed', protocol: 'v1-session' }} />);
    fireEvent.click(screen.getByText('Attach'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/cannot ask for site access from a DevTools panel/);
    fireEvent.click(screen.getByText('Open as tab'));
    // The tab opens with what was typed, so the person only clicks Attach there; never with the key.
    expect(onOpenAsTab).toHaveBeenCalledWith({ serverUrl: 'https://agent.example.com', conversationId: 'abc', protocol: 'v1-session' });
    expect(onAttach).not.toHaveBeenCalled();
  });

  it('explains and offers a tab when the panel cannot ask (Firefox)', async () => {
    const onOpenAsTab = vi.fn();
    render(<AttachDialog onAttach={() => {}} onOpenAsTab={onOpenAsTab} initial={{ serverUrl: 'https://agent.example.com', conversationId: 'abc' }} />);
    fireEvent.click(screen.getByText('Attach'));
    fireEvent.click(await screen.findByText('Open as tab'));
    expect(onOpenAsTab).toHaveBeenCalled();
  });
});
