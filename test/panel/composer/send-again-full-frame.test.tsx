// "Send again" of a record the port carried as a 4 KB preview (a long prompt, any message with an
// image): the button is offered, says it loads the full frame, fetches it and fills the composer.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { ConversationComposer } from '../../../src/panel/components/composer';
import { Conversation } from '../../../src/panel/store/conversation';
import { listingOf } from '../../../src/background/port-listing';
import { decodeOutgoing } from '../../../src/shared/protocol/client-frames';
import { decodeFrame } from '../../../src/shared/protocol/decode-frame';
import type { ConnectionStatus } from '../../../src/shared/connection';
import type { LogRecord } from '../../../src/shared/record';

afterEach(cleanup);
const KEY = 'http://127.0.0.1:8000#conv-1';
const png = `data:image/png;base64,${'A'.repeat(6000)}`; // a tiny screenshot is already more than 4 KB
const content = [{ type: 'text', text: 'what is on this screen?' }, { type: 'image', image_urls: [png] }];

function conversationWith(full: LogRecord): Conversation {
  const conversation = new Conversation(KEY, { type: 'live' });
  conversation.status.value = {
    key: KEY, target: { serverUrl: 'http://127.0.0.1:8000', conversationId: 'conv-1', protocol: 'v1-events' }, generation: 'v1-events',
    state: 'open', attempt: 0, historyLoading: false, counts: { records: 1, bytes: 0, dropped: 0, duplicates: 0, gaps: 0, errors: 0 },
    keepCapturing: false, subscribers: 1, hasKey: true,
  } satisfies ConnectionStatus;
  conversation.admit([listingOf(full)]); // what the SW sends the panel
  return conversation;
}

const sent = (): LogRecord => ({ ...decodeOutgoing('v1-events', JSON.stringify({ role: 'user', content })), seq: 1, conversationKey: KEY, direction: 'out', receivedAt: 1, protocol: 'v1-events', outgoing: { via: 'socket', status: 'echoed' } });
const received = (): LogRecord => ({
  ...decodeFrame('v1-events', JSON.stringify({ kind: 'MessageEvent', id: 'e1', timestamp: '2026-08-22T14:03:11.482913', source: 'user', llm_message: { role: 'user', content }, activated_skills: [], extended_content: [] })),
  seq: 1, conversationKey: KEY, direction: 'in', receivedAt: 1, protocol: 'v1-events',
});

function setup(full: LogRecord, loadFullRecord: (key: string, seq: number) => Promise<void>) {
  const conversation = conversationWith(full);
  expect(conversation.source.get(1)?.rawTruncated).toBe(true);
  const view = render(<ConversationComposer conversation={conversation} command={vi.fn()} loadFullRecord={loadFullRecord} />);
  conversation.selectedSeq.value = 1;
  const again = () => view.container.querySelector('button[name="send-again"]') as HTMLButtonElement;
  const text = () => view.container.querySelector('textarea[name="composer-text"]') as HTMLTextAreaElement;
  return { conversation, view, again, text };
}

describe('Send again of a frame over 4 KB', () => {
  it('an outgoing frame: offered, says it loads the full frame, and puts it back verbatim', async () => {
    const full = sent();
    const load = vi.fn(async () => { c.conversation.replaceFull(full); });
    const c = setup(full, load);
    await waitFor(() => expect(c.again().textContent).toBe('Send again #1 (loads the full frame)'));
    expect(c.again().disabled).toBe(false);
    fireEvent.click(c.again());
    await waitFor(() => expect(c.text().value).toContain(png));
    expect(load).toHaveBeenCalledWith(KEY, 1);
    expect(JSON.parse(c.text().value)).toEqual({ role: 'user', content });
    expect(c.again().textContent).toBe('Send again #1'); // held whole now
  });

  it('a received user message with an image: its text and image come back', async () => {
    const full = received();
    const c = setup(full, async () => { c.conversation.replaceFull(full); });
    await waitFor(() => expect(c.again().textContent).toBe('Send again #1 (loads the full frame)'));
    fireEvent.click(c.again());
    await waitFor(() => expect(c.text().value).toBe('what is on this screen?'));
    expect((c.view.container.querySelector('.image-attachments img') as HTMLImageElement | null)?.getAttribute('src')).toBe(png);
  });

  it('a fetch that fails says why and leaves the draft alone', async () => {
    const c = setup(sent(), async () => { throw new Error('event e1 is no longer held by the service worker'); });
    fireEvent.input(c.text(), { target: { value: 'my draft' } });
    await waitFor(() => expect(c.again().disabled).toBe(false));
    fireEvent.click(c.again());
    expect((await screen.findByRole('alert')).textContent).toBe('Send again #1: could not load the full frame: event e1 is no longer held by the service worker');
    expect(c.text().value).toBe('my draft');
  });
});
