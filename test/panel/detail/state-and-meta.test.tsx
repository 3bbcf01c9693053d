import { describe, expect, it, vi, afterEach } from 'vitest';
import { render, fireEvent, cleanup, screen } from '@testing-library/preact';
import { ConversationStatePane, MetaView } from '../../../src/panel/components/detail';
import { PENDING_ACTIONS_LISTED } from '../../../src/panel/components/detail/ConversationStatePane';
import { emptyState } from '../../../src/shared/conversation-state';

afterEach(cleanup);

describe('ConversationStatePane', () => {
  it('shows status, cost, tokens, pending actions and errors', () => {
    const onSelectEvent = vi.fn();
    const state = {
      ...emptyState(), executionStatus: 'running', cost: 1.5, promptTokens: 100, completionTokens: 7,
      pendingActions: new Map([['a1', 'c1']]), errors: [{ origin: 'agent' as const, message: 'boom', seq: 3 }], errorCount: 1,
    };
    const { container } = render(<ConversationStatePane state={state} onSelectEvent={onSelectEvent} />);
    expect(container.textContent).toContain('running');
    expect(container.textContent).toContain('$1.5000');
    expect(container.textContent).toContain('100 in / 7 out');
    expect(screen.getByLabelText('Errors').textContent).toContain('agent: boom');
    fireEvent.click(screen.getByText('a1'));
    expect(onSelectEvent).toHaveBeenCalledWith('a1');
    expect(container.querySelector('.state-errors-older')).toBeNull();
  });

  it('says how many errors the state no longer keeps', () => {
    const state = { ...emptyState(), errors: [{ origin: 'agent' as const, message: 'newest', seq: 900 }], errorCount: 120 };
    const { container } = render(<ConversationStatePane state={state} />);
    expect(container.textContent).toContain('Errors (120)');
    expect(container.querySelector('.state-errors-older')?.textContent).toContain('119 older errors');
  });
});

describe('ConversationStatePane pending actions', () => {
  it('lists the newest pending actions only, and says how many more there are', () => {
    const pendingActions = new Map(Array.from({ length: 15_000 }, (_, i) => [`a${i}`, `c${i}`] as const));
    const { container } = render(<ConversationStatePane state={{ ...emptyState(), pendingActions }} />);
    const buttons = [...container.querySelectorAll('.pending-actions button')].map((b) => b.textContent);
    expect(buttons).toHaveLength(PENDING_ACTIONS_LISTED);
    expect(buttons[0]).toBe('a14999');
    expect(container.textContent).toContain('Pending actions (15000)');
    expect(container.querySelector('.pending-actions-more')?.textContent).toContain(`and ${15_000 - PENDING_ACTIONS_LISTED} more`);
  });
});

describe('MetaView', () => {
  it('shows a transition and an error plainly', () => {
    const { container } = render(<MetaView meta={{ type: 'transition', from: 'open', to: 'backoff', cause: 'close', code: 1006, attempt: 2, delayMs: 800 }} />);
    expect(container.textContent).toContain('open → backoff');
    expect(container.textContent).toContain('1006');
    cleanup();
    render(<MetaView meta={{ type: 'error', origin: 'decode', message: '<b>x</b>' }} />);
    expect(screen.getByRole('alert').textContent).toBe('decode error: <b>x</b>');
    expect(document.querySelector('b')).toBeNull();
  });
});
