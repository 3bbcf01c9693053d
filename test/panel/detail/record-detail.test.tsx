import { describe, expect, it, vi, afterEach } from 'vitest';
import { render, fireEvent, cleanup, screen } from '@testing-library/preact';
import { RecordDetail, JsonTree, BinaryView, STRING_PREVIEW_CHARS } from '../../../src/panel/components/detail';
import type { LogRecord } from '../../../src/shared/record';

afterEach(cleanup);

function record(raw: string, extra: Partial<LogRecord> = {}): LogRecord {
  return {
    seq: 1, conversationKey: 'k', direction: 'in', receivedAt: 0, protocol: 'v1-events',
    validity: 'ok', raw, rawEncoding: 'text', size: raw.length, frameType: 'event', category: 'action', summary: 's',
    ...extra,
  } as LogRecord;
}

describe('JsonTree', () => {
  it('expands, copies path and value, and opens JSON inside strings', () => {
    const onCopy = vi.fn();
    const value = { tool_call: { arguments: '{"command":"ls -la"}' } };
    const { container } = render(<JsonTree value={value} onCopy={onCopy} initialDepth={1} />);
    const toolCall = container.querySelector('[data-path="$.tool_call"]') as HTMLElement;
    fireEvent.click(toolCall.querySelector('.toggle') as HTMLElement);
    const args = container.querySelector('[data-path="$.tool_call.arguments"]') as HTMLElement;
    expect(args.textContent).toContain('JSON string');
    fireEvent.click(args.querySelector('.toggle') as HTMLElement);
    const command = container.querySelector('[data-path="$.tool_call.arguments.command"]') as HTMLElement;
    expect(command.textContent).toContain('"ls -la"');
    fireEvent.click(command.querySelector('.copy-path') as HTMLElement);
    expect(onCopy).toHaveBeenLastCalledWith('$.tool_call.arguments.command');
    fireEvent.click(command.querySelector('.copy-value') as HTMLElement);
    expect(onCopy).toHaveBeenLastCalledWith('ls -la');
    expect(container.querySelector('[role="tree"]')).not.toBeNull();
  });

  it('renders hostile strings as text, never as elements', () => {
    const { container } = render(<JsonTree value={{ x: '<img src=x onerror=alert(1)>' }} onCopy={() => {}} initialDepth={2} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it('truncates a 1 MB string until show all', () => {
    const big = 'a'.repeat(1_000_000);
    const { container } = render(<JsonTree value={{ big }} onCopy={() => {}} initialDepth={2} />);
    expect((container.textContent ?? '').length).toBeLessThan(STRING_PREVIEW_CHARS + 500);
    fireEvent.click(screen.getByText(/show all/));
    expect((container.textContent ?? '').length).toBeGreaterThan(1_000_000);
  });

  it('renders 1,000-deep nesting lazily', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 1000; i++) deep = { d: deep };
    const { container } = render(<JsonTree value={deep} onCopy={() => {}} initialDepth={1} />);
    expect(container.querySelectorAll('[role="treeitem"]').length).toBeLessThan(5);
  });
});

describe('RecordDetail of a streamed item', () => {
  const opened = '{"type":"item_started","item_id":"i1","attempt":1}';

  it('shows the text as it grew, its reasoning and how it ended, and copies the text', () => {
    const onCopy = vi.fn();
    const rec = record(opened, { category: 'stream', frameType: 'item_started', streamItem: { itemId: 'i1', attempt: 2, state: 'aborted', text: 'Hello, wor', reasoning: 'thinking', lossy: true, reason: 'cancelled' } });
    render(<RecordDetail record={rec} onCopy={onCopy} onSelectEvent={() => {}} />);
    const section = screen.getByRole('region', { name: 'Streamed text' });
    expect(section.textContent).toContain('aborted · lossy: deltas missing · attempt 2 · reason: cancelled · 10 characters');
    expect(screen.getByTestId('streamed-text').textContent).toBe('Hello, wor');
    expect(section.textContent).toContain('reasoning (8 characters)');
    fireEvent.click(screen.getByRole('button', { name: 'copy text' }));
    expect(onCopy).toHaveBeenCalledWith('Hello, wor');
  });

  it('says how much of a long text the listing left in the service worker, and offers the whole record', () => {
    const rec = record(opened, { category: 'stream', frameType: 'item_started', rawTruncated: true, streamItem: { itemId: 'i1', attempt: 1, state: 'streaming', text: 'the end', textOmitted: 100_000 } });
    render(<RecordDetail record={rec} onCopy={() => {}} onSelectEvent={() => {}} onRequestFullRecord={async () => {}} />);
    expect(screen.getByTestId('streamed-text').textContent).toBe('… 100,000 earlier characters are held by the service worker (load full record)the end');
    expect(screen.getByRole('region', { name: 'Streamed text' }).textContent).toContain('100,007 characters');
    expect((screen.getByRole('button', { name: 'copy text' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole('button', { name: 'load full record' })).toBeTruthy();
  });

  it('says an imported recording holds only the end of a long text, with nothing to load', () => {
    const rec = record(opened, { category: 'stream', frameType: 'item_started', rawTruncated: true,
      streamItem: { itemId: 'i1', attempt: 1, state: 'finished', text: 'the end', textOmitted: 100_000, reasoning: 'why', reasoningOmitted: 5_000 } });
    render(<RecordDetail record={rec} onCopy={() => {}} onSelectEvent={() => {}} />); // imported: no onRequestFullRecord
    expect(screen.getByTestId('streamed-text').textContent).toBe('… 100,000 earlier characters are not in this recording (it holds only the end)the end');
    expect(screen.getByRole('region', { name: 'Streamed text' }).textContent).toContain('… 5,000 earlier characters are not in this recording');
    expect(screen.getByRole('region', { name: 'Streamed text' }).textContent).not.toContain('service worker');
    expect(screen.getByRole('button', { name: 'copy text' }).title).toBe('the recording holds only the end');
    expect(screen.queryByRole('button', { name: 'load full record' })).toBeNull();
  });
});

describe('RecordDetail', () => {
  it('counts search matches and steps through them', () => {
    const raw = JSON.stringify({ a: 'foo', b: { c: 'foo bar' }, d: 'baz' });
    render(<RecordDetail record={record(raw)} onCopy={() => {}} onSelectEvent={() => {}} />);
    fireEvent.input(screen.getByLabelText('Search payload'), { target: { value: 'foo' } });
    expect(screen.getByText('1 of 2')).toBeTruthy();
    fireEvent.click(screen.getByLabelText('Next match'));
    expect(screen.getByText('2 of 2')).toBeTruthy();
    expect(document.querySelector('[data-path="$.b.c"]')?.getAttribute('aria-selected')).toBe('true');
  });

  it('fires link callbacks and lists issues', () => {
    const onSelectEvent = vi.fn();
    const rec = record('{"kind":"ObservationEvent"}', {
      actionId: 'act-1', toolCallId: 'call-1', validity: 'invalid', issues: [{ path: 'observation.content', message: 'Required' }],
    });
    render(<RecordDetail record={rec} onCopy={() => {}} onSelectEvent={onSelectEvent} />);
    fireEvent.click(screen.getByText(/action act-1/));
    expect(onSelectEvent).toHaveBeenCalledWith('act-1');
    expect(screen.getByLabelText('Validation issues').textContent).toContain('observation.content');
    expect(screen.getByLabelText('Validation issues').textContent).toContain('Required');
  });

  it('shows a screenshot only for valid base64', () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
    const good = render(<RecordDetail record={record(JSON.stringify({ observation: { screenshot_data: png } }))} onCopy={() => {}} onSelectEvent={() => {}} />);
    expect(good.container.querySelector('img')?.getAttribute('src')).toBe(`data:image/png;base64,${png}`);
    cleanup();
    const bad = render(<RecordDetail record={record(JSON.stringify({ observation: { screenshot_data: 'x" onerror="alert(1)' } }))} onCopy={() => {}} onSelectEvent={() => {}} />);
    expect(bad.container.querySelector('img')).toBeNull();
  });

  it('offers load full record for a preview and calls the callback', () => {
    const onRequestFullRecord = vi.fn(() => Promise.resolve());
    render(<RecordDetail record={record('{"a":', { rawTruncated: true, seq: 7 })} onCopy={() => {}} onSelectEvent={() => {}} onRequestFullRecord={onRequestFullRecord} />);
    expect(onRequestFullRecord).not.toHaveBeenCalled(); // a big payload's preview waits to be asked
    fireEvent.click(screen.getByText('load full record'));
    expect(onRequestFullRecord).toHaveBeenCalledWith(7);
  });

  it('fetches a payload the SW kept as soon as its record is shown, and says why it failed', async () => {
    const onRequestFullRecord = vi.fn(() => Promise.reject(new Error('record 8 is no longer held')));
    render(<RecordDetail record={record('', { rawTruncated: true, seq: 8 })} onCopy={() => {}} onSelectEvent={() => {}} onRequestFullRecord={onRequestFullRecord} />);
    expect(onRequestFullRecord).toHaveBeenCalledWith(8);
    expect(onRequestFullRecord).toHaveBeenCalledTimes(1);
    expect((await screen.findByRole('alert')).textContent).toBe('Could not load: record 8 is no longer held');
    expect((screen.getByText('copy raw') as HTMLButtonElement).disabled).toBe(true); // nothing to copy but an empty string
  });
});

describe('BinaryView', () => {
  it('shows hex and base64 with copy', () => {
    const onCopy = vi.fn();
    const { container } = render(<BinaryView base64="AAEC/w==" onCopy={onCopy} />);
    expect(container.querySelector('.hex-dump')?.textContent).toContain('00 01 02 ff');
    fireEvent.click(screen.getByText('copy base64'));
    expect(onCopy).toHaveBeenCalledWith('AAEC/w==');
  });
});

describe('JsonTree keyboard', () => {
  it('moves focus with arrows and expands with ArrowRight', () => {
    const { container } = render(<JsonTree value={{ a: { b: 1 }, c: 2 }} onCopy={() => {}} initialDepth={1} />);
    const root = container.querySelector('[data-path="$"]') as HTMLElement;
    root.focus();
    fireEvent.keyDown(root, { key: 'ArrowDown' });
    const a = container.querySelector('[data-path="$.a"]') as HTMLElement;
    expect(document.activeElement).toBe(a);
    fireEvent.keyDown(a, { key: 'ArrowRight' });
    expect(a.getAttribute('aria-expanded')).toBe('true');
    expect(container.querySelector('[data-path="$.a.b"]')).not.toBeNull();
  });
});

describe('payload search in nested JSON strings', () => {
  it('finds matches inside tool_call.arguments and opens them', () => {
    const raw = JSON.stringify({ tool_call: { arguments: '{"command":"needle"}' } });
    render(<RecordDetail record={record(raw)} onCopy={() => {}} onSelectEvent={() => {}} />);
    fireEvent.input(screen.getByLabelText('Search payload'), { target: { value: 'needle' } });
    expect(screen.getByText('1 of 1')).toBeTruthy();
    expect(document.querySelector('[data-path="$.tool_call.arguments.command"]')?.getAttribute('aria-selected')).toBe('true');
  });
});
