/**
 * A record whose time no Date can hold made `toISOString` throw while the log rendered, and the
 * panel went blank. Times now format without throwing, and a part that throws anyway says so.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { ErrorBoundary } from '../../../src/panel/components/ErrorBoundary';
import { LogRow } from '../../../src/panel/components/log/LogRow';
import { formatClockTime, formatIsoTime, INVALID_TIME } from '../../../src/panel/log/format';
import { makeRecord } from '../log/fake-record-source';

afterEach(cleanup);

describe('times no Date can hold', () => {
  it('format as "invalid time" instead of throwing', () => {
    for (const ms of [1e17, -1e17, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(formatIsoTime(ms)).toBe(INVALID_TIME);
      expect(formatClockTime(ms)).toBe(INVALID_TIME);
    }
    expect(formatIsoTime(0)).toBe('1970-01-01T00:00:00.000Z');
  });

  it('a log row with one renders', () => {
    const { container } = render(<LogRow record={makeRecord({ seq: 7, receivedAt: 1e17 })} ariaRowIndex={2} isSelected={false} isCursor={false} onSelect={() => {}} />);
    expect(container.querySelector('.c-time')?.textContent).toBe(INVALID_TIME);
  });
});

describe('ErrorBoundary', () => {
  it('shows what failed instead of a blank part, and renders again on "Try again"', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    let fail = true;
    const Part = () => { if (fail) throw new RangeError('Invalid time value'); return <p>drawn</p>; };
    const { container } = render(<div><ErrorBoundary label="event log"><Part /></ErrorBoundary><p>sidebar</p></div>);
    expect(screen.getByRole('alert').textContent).toContain('The event log could not be shown: RangeError: Invalid time value');
    expect(container.textContent).toContain('sidebar');
    fail = false;
    fireEvent.click(screen.getByText('Try again'));
    expect(container.textContent).toContain('drawn');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
