import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { ConversationRecordingTools } from '../../../src/panel/components/recording';
import { Conversation } from '../../../src/panel/store/conversation';
import { createPanelStore } from '../../../src/panel/store/panel-store';
import { readRecording, writeNdjson, type RecordingHeader } from '../../../src/shared/recording';
import { decodeFrame } from '../../../src/shared/protocol/decode-frame';
import type { LogRecord } from '../../../src/shared/record';
import { SESSION_EXAMPLES, V1_EXAMPLES } from '../../fixtures/protocol/examples';
import { collect } from '../../shared/recording/make-records';
import { recordsAt } from '../replay/records';

const KEY = 'http://127.0.0.1:8000#conv-1';
const original = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
afterEach(() => {
  cleanup();
  URL.createObjectURL = original.create;
  URL.revokeObjectURL = original.revoke;
});

/** A v1-session recording of an `auto` attach: the meta record has the log's first guess, the first event came over REST. */
function sessionRecords(): LogRecord[] {
  return [
    { validity: 'ok', raw: '', rawEncoding: 'text', size: 0, frameType: 'none', category: 'control', summary: 'idle → connecting', direction: 'meta',
      meta: { type: 'transition', from: 'idle', to: 'connecting', cause: 'attach', attempt: 0 }, seq: 1, conversationKey: KEY, receivedAt: 1000, protocol: 'v1-events' },
    { ...decodeFrame('v1-events', V1_EXAMPLES['MessageEvent_user']!), direction: 'in', seq: 2, conversationKey: KEY, receivedAt: 1005, protocol: 'v1-events' },
    { ...decodeFrame('v1-session', SESSION_EXAMPLES.durable), direction: 'in', seq: 3, conversationKey: KEY, receivedAt: 1010, protocol: 'v1-session' },
  ];
}

/** Exports the active conversation through the tools' dialog; the anchor download is captured. */
async function exportFile(format: 'ndjson' | 'har'): Promise<Blob> {
  const created: Blob[] = [];
  URL.createObjectURL = ((blob: Blob) => { created.push(blob); return 'blob:x'; }) as typeof URL.createObjectURL;
  URL.revokeObjectURL = () => undefined;
  fireEvent.click(screen.getByRole('button', { name: 'Export…' }));
  if (format === 'har') fireEvent.click(screen.getByLabelText(/HAR 1.2/));
  await screen.findByTestId('redaction-preview');
  fireEvent.click(screen.getByRole('button', { name: /^Save \d+ records/ }));
  await screen.findByTestId('export-saved');
  return created[0]!;
}

const exportHar = async (): Promise<{ log: { _conversationDevtools: RecordingHeader } }> => JSON.parse(await (await exportFile('har')).text());

describe('re-export of an imported recording', () => {
  it('keeps the protocol of the imported file, though its records alone do not say it', async () => {
    const header: RecordingHeader = { format: 'conversation-devtools-recording', version: 1, server: 'http://127.0.0.1:8000', conversationId: 'conv-1', protocol: 'v1-session', tool: { name: 't', version: '1' }, createdAt: '2026-01-01T00:00:00.000Z' };
    // So far only history loaded over REST (v1-events) and the meta record's first guess.
    const recorded = sessionRecords().slice(0, 2);
    const file = new File([await collect(writeNdjson(header, recorded))], 'rec.cdt.ndjson');
    const store = createPanelStore({ request: () => Promise.resolve(undefined) });
    const view = render(<ConversationRecordingTools conversation={undefined} addImported={store.addImported} />);
    fireEvent.change(view.container.querySelector('input[name="import-recording"]') as HTMLInputElement, { target: { files: [file] } });
    await waitFor(() => expect(store.active.value).toBeDefined());
    // The sidebar tells this import from the HAR of the same conversation by it.
    expect(store.active.value!.origin).toMatchObject({ type: 'imported', header: { origin: 'rec.cdt.ndjson', format: 'ndjson' } });
    view.rerender(<ConversationRecordingTools conversation={store.active.value} addImported={store.addImported} />);
    const har = await exportHar();
    expect(har.log._conversationDevtools.protocol).toBe('v1-session');
    const back = await readRecording([JSON.stringify(har)]);
    const frames = (records: LogRecord[]) => records.filter((r) => r.direction !== 'meta').map((r) => [r.protocol, r.validity, r.frameType, r.kind]);
    expect(frames(back.records)).toEqual(frames(recorded));
  });

  it('without a protocol from the file, derives it from the records, not from a meta record\'s first guess', async () => {
    const store = createPanelStore({ request: () => Promise.resolve(undefined) });
    store.addImported({ title: 'rec.cdt.ndjson', serverUrl: 'http://127.0.0.1:8000', conversationId: 'conv-1' }, sessionRecords());
    render(<ConversationRecordingTools conversation={store.active.value} addImported={store.addImported} />);
    const har = await exportHar();
    expect(har.log._conversationDevtools.protocol).toBe('v1-session');
    const back = await readRecording([JSON.stringify(har)]);
    expect(back.records.find((r) => r.seq === 3)).toMatchObject({ validity: 'ok', frameType: 'durable', kind: 'ActionEvent' });
  });
});

describe('export of a log that lost records before its first one (memory caps)', () => {
  it('the imported conversation says how many were dropped, as the live one did', async () => {
    const live = new Conversation('k', { type: 'live' }, 10);
    live.admit(recordsAt(Array.from({ length: 30 }, (_, i) => i * 10)));
    expect(live.source.droppedBefore.value).toBeGreaterThan(0);
    const store = createPanelStore({ request: () => Promise.resolve(undefined) });
    const view = render(<ConversationRecordingTools conversation={live} addImported={store.addImported} />);
    const file = new File([await (await exportFile('ndjson')).text()], 'rec.cdt.ndjson');
    fireEvent.change(view.container.querySelector('input[name="import-recording"]') as HTMLInputElement, { target: { files: [file] } });
    await waitFor(() => expect(store.active.value).toBeDefined());
    expect(store.active.value!.source.droppedBefore.value).toBe(live.source.droppedBefore.value);
  });
});
