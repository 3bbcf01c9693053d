import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { ConversationComposer } from '../../../src/panel/components/composer';
import { ConversationReplayBar } from '../../../src/panel/components/replay';
import { ConversationRecordingTools } from '../../../src/panel/components/recording';
import { Conversation } from '../../../src/panel/store/conversation';
import type { ConnectionStatus } from '../../../src/shared/connection';
import type { LogRecord } from '../../../src/shared/record';
import { decodeFrame } from '../../../src/shared/protocol/decode-frame';
import { decodeOutgoing } from '../../../src/shared/protocol/client-frames';
import { V1_EXAMPLES } from '../../fixtures/protocol/v1-examples';
import { FakeClock } from '../../fakes/fake-clock';
import { renderFollowersPerFrame } from '../../../src/panel/components/per-frame';

afterEach(cleanup);

const KEY = 'http://127.0.0.1:8000#conv-1';

function liveConversation(): Conversation {
  const conversation = new Conversation(KEY, { type: 'live' });
  const status: ConnectionStatus = {
    key: KEY, target: { serverUrl: 'http://127.0.0.1:8000', conversationId: 'conv-1', protocol: 'auto' }, generation: 'v1-events',
    state: 'open', attempt: 0, historyLoading: false, counts: { records: 3, bytes: 0, dropped: 0, duplicates: 0, gaps: 0, errors: 0 },
    keepCapturing: false, subscribers: 1, hasKey: true,
  };
  conversation.status.value = status;
  const user = decodeFrame('v1-events', V1_EXAMPLES.MessageEvent_user as string);
  const agent = decodeFrame('v1-events', V1_EXAMPLES.MessageEvent_assistant as string);
  const out = decodeOutgoing('v1-events', JSON.stringify({ role: 'user', content: 'again please', run: true }));
  conversation.admit([user, agent, out].map((d, i): LogRecord => ({ ...d, seq: i + 1, conversationKey: KEY, direction: i === 2 ? 'out' : 'in', receivedAt: 1_000 * (i + 1), protocol: 'v1-events' })));
  return conversation;
}

describe('composer bound to a conversation', () => {
  it('"Send again" loads the selected user message, and Send issues the send command for this conversation', async () => {
    const conversation = liveConversation();
    const command = vi.fn(async () => ({ seq: 9 }));
    const view = render(<ConversationComposer conversation={conversation} command={command} />);
    const again = () => view.container.querySelector('button[name="send-again"]') as HTMLButtonElement;
    expect(again().disabled).toBe(true);
    conversation.selectedSeq.value = 2; // an agent message: nothing to send again
    await waitFor(() => expect(again().textContent).toMatch(/select a user message/));
    conversation.selectedSeq.value = 1;
    await waitFor(() => expect(again().textContent).toBe('Send again #1'));
    fireEvent.click(again());
    const text = view.container.querySelector('textarea[name="composer-text"]') as HTMLTextAreaElement;
    await waitFor(() => expect(text.value).toBe('Make tests/test_api.py pass'));
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(command).toHaveBeenCalledWith('send', { name: 'send', key: KEY, frame: { as: 'json', value: { role: 'user', content: [{ type: 'text', text: 'Make tests/test_api.py pass' }] } } }));
  });

  it('follows new records on the follower schedule, not per batch', () => {
    const frames: (() => void)[] = [];
    renderFollowersPerFrame((r) => { frames.push(r); });
    try {
      const conversation = liveConversation();
      const view = render(<ConversationComposer conversation={conversation} command={vi.fn()} />);
      const again = () => view.container.querySelector('button[name="send-again"]') as HTMLButtonElement;
      act(() => { conversation.selectedSeq.value = 4; }); // not held yet
      expect(again().disabled).toBe(true);
      const user = decodeFrame('v1-events', V1_EXAMPLES.MessageEvent_user as string);
      act(() => { conversation.admit([{ ...user, seq: 4, conversationKey: KEY, direction: 'in', receivedAt: 4_000, protocol: 'v1-events' }]); });
      expect(again().disabled).toBe(true);
      act(() => { for (const render of frames.splice(0)) render(); });
      expect(again().textContent).toBe('Send again #4');
    } finally {
      renderFollowersPerFrame((r) => r());
    }
  });

  it('a REST send the server did not answer says it may have been delivered, not "Not sent"', async () => {
    const conversation = liveConversation();
    conversation.status.value = { ...conversation.status.value!, state: 'backoff' };
    const command = vi.fn(async () => ({ seq: 4, delivery: 'unanswered', detail: '/api/conversations/conv-1/events: timed out after 10000 ms' }));
    const view = render(<ConversationComposer conversation={conversation} command={command} />);
    fireEvent.input(view.container.querySelector('textarea[name="composer-text"]') as HTMLTextAreaElement, { target: { value: 'run the tests' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    fireEvent.click(await screen.findByRole('button', { name: /Send over REST/ }));
    const outcome = await screen.findByTestId('composer-outcome');
    expect(outcome.textContent).toMatch(/^No answer from the server \(.*timed out after 10000 ms\): the message may have been delivered\. Watch the log for its echo before sending it again\.$/);
    expect(outcome.textContent).not.toMatch(/Not sent/);
    expect(view.container.querySelector('.send-history li[data-via="rest"]')?.textContent).toMatch(/run the tests — no answer .*may have been delivered/);
  });

  it('a refused command shows its error; an imported conversation says there is nothing to send to', async () => {
    const conversation = liveConversation();
    const view = render(<ConversationComposer conversation={conversation} command={vi.fn(async () => { throw new Error('no socket for this key'); })} />);
    fireEvent.input(view.container.querySelector('textarea[name="composer-text"]') as HTMLTextAreaElement, { target: { value: 'x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText('Not sent: no socket for this key');
    cleanup();
    render(<ConversationComposer conversation={new Conversation('imported:x', { type: 'imported', header: { title: 'x' } })} command={vi.fn()} />);
    expect(screen.getByText(/imported recording: there is no server to send to/)).toBeTruthy();
  });
});

describe('replay bar and recording tools bound to a conversation', () => {
  it('moves the position through the store action, so the selection can follow', async () => {
    const conversation = liveConversation();
    const setPosition = vi.fn((key: string, seq: number | null) => { conversation.replaySeq.value = seq; if (seq !== null) conversation.selectedSeq.value = seq; });
    const view = render(<ConversationReplayBar conversation={conversation} setPosition={setPosition} timer={new FakeClock()} />);
    fireEvent.click(view.container.querySelector('button[name="replay-start"]') as HTMLButtonElement);
    expect(setPosition).toHaveBeenLastCalledWith(KEY, 1);
    fireEvent.keyDown(document, { key: '.' });
    expect(conversation.selectedSeq.value).toBe(2);
    await waitFor(() => expect((view.container.querySelector('.replay-bar') as HTMLElement).dataset.replaySeq).toBe('2'));
  });

  it('imports a file as a new offline conversation titled by the file name', async () => {
    const addImported = vi.fn(() => 'imported:rec');
    const conversation = liveConversation();
    const header = { format: 'conversation-devtools-recording', version: 1, server: 'http://h', conversationId: 'c9', protocol: 'v1-events', tool: { name: 't', version: '1' }, createdAt: '2026-11-25T00:00:00Z' };
    const line = JSON.stringify({ seq: 1, direction: 'in', receivedAt: 5, raw: V1_EXAMPLES.MessageEvent_user });
    const view = render(<ConversationRecordingTools conversation={conversation} addImported={addImported} />);
    expect((view.container.querySelector('button[name="export-open"]') as HTMLButtonElement).disabled).toBe(false);
    fireEvent.change(view.container.querySelector('input[name="import-recording"]') as HTMLInputElement, { target: { files: [new File([`${JSON.stringify(header)}\n${line}\n`], 'rec.cdt.ndjson')] } });
    await waitFor(() => expect(addImported).toHaveBeenCalledTimes(1));
    expect(addImported).toHaveBeenCalledWith({ title: 'rec.cdt.ndjson', serverUrl: 'http://h', conversationId: 'c9', protocol: 'v1-events', origin: 'rec.cdt.ndjson', format: 'ndjson' }, [expect.objectContaining({ seq: 1, kind: 'MessageEvent' })]);
  });
});
