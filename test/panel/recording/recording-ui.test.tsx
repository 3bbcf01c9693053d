import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { ExportRecording, ImportRecording } from '../../../src/panel/components/recording';
import { readRecording, RECORDING_FORMAT, type RecordingHeader } from '../../../src/shared/recording';
import type { ReadResult } from '../../../src/shared/recording';
import type { LogRecord } from '../../../src/shared/record';
import { decodeFrame } from '../../../src/shared/protocol/decode-frame';
import { decodeOutgoing } from '../../../src/shared/protocol/client-frames';
import { V1_EXAMPLES } from '../../fixtures/protocol/v1-examples';

afterEach(cleanup);

const KEY = 'sk-oh-known-session-key-123';
const header: RecordingHeader = {
  format: RECORDING_FORMAT, version: 1, server: 'http://127.0.0.1:8000', conversationId: 'conv-1', protocol: 'v1-events',
  tool: { name: 'conversation-devtools', version: 'test' }, createdAt: '2026-11-25T14:00:00.000Z',
};

function records(): LogRecord[] {
  const frames: { direction: 'in' | 'out'; text: string }[] = [
    // An auth frame as the SW would have logged it if redaction had failed: the export must still catch it.
    { direction: 'out', text: JSON.stringify({ type: 'auth', session_api_key: KEY }) },
    { direction: 'in', text: V1_EXAMPLES.ConversationStateUpdateEvent_full_state as string },
    { direction: 'in', text: V1_EXAMPLES.MessageEvent_user as string },
    { direction: 'in', text: JSON.stringify({ kind: 'ObservationEvent', id: 'o9', source: 'environment', observation: { kind: 'TerminalObservation', content: [{ type: 'text', text: `export KEY=${KEY}` }] } }) },
  ];
  return frames.map((f, i) => {
    const decoded = f.direction === 'out' ? { ...decodeOutgoing('v1-events', f.text), raw: f.text } : decodeFrame('v1-events', f.text);
    return { ...decoded, seq: i + 1, conversationKey: 'k', direction: f.direction, receivedAt: 1_000 + i * 250, protocol: 'v1-events' as const };
  });
}

describe('ExportRecording', () => {
  it('previews the redactions, then saves a file with no secret in any byte that reads back as the same records', async () => {
    const save = vi.fn<(blob: Blob, name: string) => void>();
    const held = records();
    render(<ExportRecording header={header} records={held} secrets={[KEY]} save={save} />);
    fireEvent.click(screen.getByRole('button', { name: 'Export…' }));
    const preview = await screen.findByTestId('redaction-preview');
    expect(Number(preview.dataset.total)).toBe(2);
    expect(Array.from(preview.querySelectorAll("tbody tr")).map((tr) => tr.firstElementChild?.textContent)).toEqual(["#1", "#4"]);
    expect(preview.textContent).toMatch(/#1/);
    expect(preview.textContent).toMatch(/auth frame|known secret/);
    expect(preview.textContent).not.toContain(KEY);
    fireEvent.click(screen.getByRole('button', { name: /^Save 4 records/ }));
    await screen.findByTestId('export-saved');
    const [blob, fileName] = save.mock.calls[0] as [Blob, string];
    expect(fileName).toBe('conv-1-2026-11-25T14-00-00.cdt.ndjson');
    const text = await blob.text();
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('known-session-key');
    const back = await readRecording([text]);
    expect(back.errors).toEqual([]);
    expect(back.records.map((r) => [r.seq, r.direction, r.receivedAt, r.kind])).toEqual(held.map((r) => [r.seq, r.direction, r.receivedAt, r.kind]));
    expect(back.records[2]?.raw).toBe(held[2]?.raw);
  });

  it('exports HAR with WebSocket frames and fetches the full record behind a preview', async () => {
    const save = vi.fn<(blob: Blob, name: string) => void>();
    const held = records();
    const truncated = { ...(held[2] as LogRecord), raw: (held[2] as LogRecord).raw.slice(0, 20), rawTruncated: true };
    const loadFull = vi.fn(async (cut: readonly LogRecord[]) => cut.map(() => held[2] as LogRecord));
    render(<ExportRecording header={header} records={[held[1] as LogRecord, truncated]} save={save} loadFull={loadFull} />);
    fireEvent.click(screen.getByRole('button', { name: 'Export…' }));
    fireEvent.click(screen.getByLabelText(/HAR 1.2/));
    await screen.findByTestId('redaction-preview');
    fireEvent.click(screen.getByRole('button', { name: /^Save 2 records/ }));
    await screen.findByTestId('export-saved');
    const [blob, fileName] = save.mock.calls[0] as [Blob, string];
    expect(fileName).toMatch(/\.har$/);
    const har = JSON.parse(await blob.text());
    const messages = har.log.entries.flatMap((e: { _webSocketMessages?: unknown[] }) => e._webSocketMessages ?? []);
    expect(messages.map((m: { data: string }) => m.data)).toContain((held[2] as LogRecord).raw);
    expect(loadFull).toHaveBeenCalledTimes(2); // for the preview, then for the file
    expect(loadFull.mock.calls.map(([cut]) => cut.map((r) => r.seq))).toEqual([[truncated.seq], [truncated.seq]]); // only the cut record
  });

  it('works the preview out once per opening, though the parent re-renders with new props meanwhile', async () => {
    const held = records();
    const listing = { ...(held[3] as LogRecord), raw: '', rawTruncated: true };
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const loadFull = vi.fn(async (cut: readonly LogRecord[]) => { await gate; return cut.map(() => held[3] as LogRecord); });
    const props = () => ({ header: { ...header }, records: [listing], secrets: [KEY], save: () => {}, loadFull }); // new objects, as a parent re-rendering per frame passes
    const view = render(<ExportRecording {...props()} />);
    fireEvent.click(screen.getByRole('button', { name: 'Export…' }));
    for (let frame = 0; frame < 3; frame += 1) view.rerender(<ExportRecording {...props()} />);
    release();
    const preview = await screen.findByTestId('redaction-preview');
    expect(preview.querySelectorAll('tbody tr')).toHaveLength(1);
    expect(loadFull).toHaveBeenCalledTimes(1);
  });

  it('previews the redactions inside payloads the panel holds only as listings', async () => {
    const held = records();
    const observation = held[3] as LogRecord;
    const listing = { ...observation, raw: '', rawTruncated: true };
    const loadFull = vi.fn(async (cut: readonly LogRecord[]) => cut.map(() => observation));
    render(<ExportRecording header={header} records={[held[2] as LogRecord, listing]} secrets={[KEY]} save={() => {}} loadFull={loadFull} />);
    fireEvent.click(screen.getByRole('button', { name: 'Export…' }));
    const preview = await screen.findByTestId('redaction-preview');
    // The key is only in the payload the panel did not hold.
    expect(Array.from(preview.querySelectorAll('tbody tr')).map((tr) => tr.firstElementChild?.textContent)).toEqual(['#4']);
    expect(preview.textContent).not.toContain(KEY);
  });

  it('says how many records will be saved without their payload when the SW no longer holds it', async () => {
    const held = records();
    const listings = [held[2], held[3]].map((r) => ({ ...(r as LogRecord), raw: '', rawTruncated: true }));
    render(<ExportRecording header={header} records={[held[1] as LogRecord, ...listings]} save={() => {}} loadFull={async () => []} />);
    fireEvent.click(screen.getByRole('button', { name: 'Export…' }));
    expect((await screen.findByTestId('export-without-payload')).textContent).toMatch(/^2 record\(s\) will be saved without their payload/);
  });

  it('says nothing of missing payloads when every payload was fetched', async () => {
    const held = records();
    const listing = { ...(held[3] as LogRecord), raw: '', rawTruncated: true };
    render(<ExportRecording header={header} records={[listing]} save={() => {}} loadFull={async (cut) => cut.map(() => held[3] as LogRecord)} />);
    fireEvent.click(screen.getByRole('button', { name: 'Export…' }));
    await screen.findByTestId('redaction-preview');
    expect(screen.queryByTestId('export-without-payload')).toBeNull();
  });
});

describe('ImportRecording', () => {
  it('streams a file in, lists per-line errors, and hands over the records', async () => {
    const good = records().slice(1);
    const lines = [JSON.stringify(header), ...good.map((r) => JSON.stringify({ seq: r.seq, direction: r.direction, receivedAt: r.receivedAt, raw: r.raw })), '{"seq": "x"}', 'not json'];
    const onImported = vi.fn<(result: ReadResult, name: string) => void>();
    const view = render(<ImportRecording onImported={onImported} />);
    const file = new File([lines.join('\n')], 'session.cdt.ndjson');
    fireEvent.change(view.container.querySelector('input[name="import-recording"]') as HTMLInputElement, { target: { files: [file] } });
    await waitFor(() => expect(onImported).toHaveBeenCalledTimes(1));
    const [result, name] = onImported.mock.calls[0] as [ReadResult, string];
    expect(name).toBe('session.cdt.ndjson');
    expect(result.records.map((r) => r.raw)).toEqual(good.map((r) => r.raw));
    const errors = await screen.findByTestId('import-errors');
    expect(errors.querySelectorAll('li')).toHaveLength(2);
    expect(errors.textContent).toMatch(/line 5: /);
    expect(errors.textContent).toMatch(/line 6: /);
    expect(screen.getByTestId('import-result').textContent).toMatch(/3 records \(native recording\)2 problems/);
  });

  it('says plainly why a file is not a recording and imports nothing', async () => {
    const onImported = vi.fn();
    const view = render(<ImportRecording onImported={onImported} />);
    fireEvent.change(view.container.querySelector('input[name="import-recording"]') as HTMLInputElement, { target: { files: [new File(['hello'], 'notes.txt')] } });
    await screen.findByText(/notes\.txt could not be imported: /);
    expect(onImported).not.toHaveBeenCalled();
  });
});
