/**
 * A binary frame over ~3 KB crosses the port as a 4 KB base64 preview, and the detail showed that
 * preview as the whole frame ("3072 bytes") with no way to load the rest, and copied the preview.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { RecordDetail } from '../../../src/panel/components/detail';
import type { LogRecord } from '../../../src/shared/record';

afterEach(cleanup);

const full = Buffer.alloc(8000, 0xab).toString('base64');
const binary = (raw: string, extra: Partial<LogRecord> = {}): LogRecord => ({
  seq: 3, conversationKey: 'k', direction: 'in', receivedAt: 0, protocol: 'v1-events', validity: 'binary',
  raw, rawEncoding: 'base64', size: 8000, frameType: 'none', category: 'other', summary: 'binary 8000 bytes', ...extra,
}) as LogRecord;

describe('a binary frame cut to a port preview', () => {
  it('says it is a preview of N of M bytes, loads the whole frame, and then copies the whole frame', async () => {
    const onCopy = vi.fn();
    const onRequestFullRecord = vi.fn(async () => {});
    const preview = binary(full.slice(0, 4096), { rawTruncated: true });
    const { container, rerender } = render(<RecordDetail record={preview} onCopy={onCopy} onSelectEvent={() => {}} onRequestFullRecord={onRequestFullRecord} />);
    expect(container.querySelector('.binary-size')?.textContent).toContain('preview of 3072 of 8000 bytes');
    fireEvent.click(screen.getByRole('button', { name: 'load full record' }));
    expect(onRequestFullRecord).toHaveBeenCalledWith(3);
    rerender(<RecordDetail record={binary(full)} onCopy={onCopy} onSelectEvent={() => {}} onRequestFullRecord={onRequestFullRecord} />);
    expect(container.querySelector('.binary-size')?.textContent).toBe('8000 bytes');
    fireEvent.click(screen.getByText('copy base64'));
    expect(onCopy).toHaveBeenCalledWith(full);
  });

  it('a payload held by the service worker is loaded, not shown as invalid base64', () => {
    const onRequestFullRecord = vi.fn(async () => {});
    const { container } = render(<RecordDetail record={binary('', { rawTruncated: true })} onCopy={() => {}} onSelectEvent={() => {}} onRequestFullRecord={onRequestFullRecord} />);
    expect(onRequestFullRecord).toHaveBeenCalledWith(3);
    expect(container.querySelector('.binary-invalid')).toBeNull();
  });
});
