import { useEffect, useMemo, useState } from 'preact/hooks';
import type { LogRecord } from '../../../shared/record';
import { JsonTree } from './JsonTree';
import { PayloadSearch } from './PayloadSearch';
import { findMatches } from './json-path';
import { findScreenshots } from './screenshots';
import { BinaryView } from './BinaryView';
import { MetaView } from './MetaView';
import { StreamedText } from './StreamedText';

export interface RecordDetailProps {
  /** The selected record (may be a preview with rawTruncated). */
  record: LogRecord;
  /** Copies text to the clipboard. */
  onCopy: (text: string) => void;
  /** Selects another event by id (action ↔ observation links). */
  onSelectEvent: (eventId: string) => void;
  /** Fetches the full record when `record.rawTruncated`; resolves when the parent has swapped it in. Absent for an imported recording: nothing holds more. */
  onRequestFullRecord?: (seq: number) => Promise<void>;
}

function parse(raw: string): { ok: true; value: unknown } | { ok: false } {
  try { return { ok: true, value: JSON.parse(raw) as unknown }; } catch { return { ok: false }; }
}

function Links({ record, onSelectEvent }: Pick<RecordDetailProps, 'record' | 'onSelectEvent'>) {
  const links: Array<[string, string]> = [];
  if (record.actionId) links.push(['action', record.actionId]);
  if (record.toolCallId) links.push(['tool call', record.toolCallId]);
  if (links.length === 0) return null;
  return (
    <nav class="record-links" aria-label="Related events">
      {links.map(([label, id]) => (
        <button type="button" key={label} onClick={() => onSelectEvent(id)}>{label} {id}</button>
      ))}
    </nav>
  );
}

/**
 * A record whose raw text the panel does not hold. Most events come that way (their payload
 * stays in the SW), and that payload is fetched as soon as the record is shown. A preview of a
 * big payload (cut at 4 KB) is fetched only when asked: it may be megabytes.
 */
function LoadFull({ record, onRequestFullRecord }: Pick<RecordDetailProps, 'record' | 'onRequestFullRecord'>) {
  const [state, setState] = useState<'idle' | 'loading' | string>('idle');
  const load = () => {
    if (!onRequestFullRecord) return;
    setState('loading');
    onRequestFullRecord(record.seq).then(() => setState('idle'), (e: Error) => setState(`Could not load: ${e.message}`));
  };
  const payloadInSw = record.rawTruncated === true && record.raw === '';
  useEffect(() => { if (payloadInSw) load(); }, [record.seq, payloadInSw]);
  if (!record.rawTruncated || !onRequestFullRecord) return null;
  return (
    <div class="load-full">
      {payloadInSw
        ? <span>{state === 'loading' ? 'Loading the payload…' : 'The payload is held by the service worker.'} ({record.size} bytes on the wire)</span>
        : <span>{streamCut(record) ? 'Only the end of the streamed text is here.' : `Preview only (${record.size} bytes on the wire).`}</span>}
      <button type="button" disabled={state === 'loading'} onClick={load}>load full record</button>
      {state !== 'idle' && state !== 'loading' && <span role="alert">{state}</span>}
    </div>
  );
}

const streamCut = (record: LogRecord) => record.streamItem?.textOmitted !== undefined || record.streamItem?.reasoningOmitted !== undefined;

/** Detail of one record: tree, raw text, issues, links, screenshots, binary and meta views. */
export function RecordDetail({ record, onCopy, onSelectEvent, onRequestFullRecord }: RecordDetailProps) {
  const [view, setView] = useState<'tree' | 'raw'>('tree');
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const parsed = useMemo(() => (record.rawEncoding === 'text' && !record.rawTruncated ? parse(record.raw) : { ok: false as const }), [record]);
  const matches = useMemo(() => (parsed.ok ? findMatches(parsed.value, query) : []), [parsed, query]);
  const screenshots = useMemo(() => (parsed.ok ? findScreenshots(parsed.value) : []), [parsed]);
  if (record.meta) return <MetaView meta={record.meta} />;
  if (record.rawEncoding === 'base64') {
    // The port cuts a binary frame to a preview too: the whole one is loaded like any other.
    return (
      <article class="record-detail" aria-label={`Record ${record.seq}`}>
        <LoadFull record={record} onRequestFullRecord={onRequestFullRecord} />
        {!(record.rawTruncated && record.raw === '') && (
          <BinaryView base64={record.raw} onCopy={onCopy} size={record.size} truncated={record.rawTruncated === true} />
        )}
      </article>
    );
  }
  return (
    <article class="record-detail" aria-label={`Record ${record.seq}`}>
      <header><span class="record-summary">{record.summary}</span> <span class="record-validity">{record.validity}</span></header>
      <Links record={record} onSelectEvent={onSelectEvent} />
      <LoadFull record={record} onRequestFullRecord={onRequestFullRecord} />
      {record.issues && record.issues.length > 0 && (
        <ul class="record-issues" aria-label="Validation issues">
          {record.issues.map((issue, i) => <li key={i}><code>{issue.path || '(root)'}</code> {issue.message}</li>)}
        </ul>
      )}
      {record.streamItem && <StreamedText item={record.streamItem} onCopy={onCopy} canLoadFull={onRequestFullRecord !== undefined} />}
      {screenshots.map((src, i) => <img key={i} class="screenshot" alt={`Screenshot ${i + 1}`} src={src} />)}
      <div role="tablist">
        <button type="button" role="tab" aria-selected={view === 'tree'} disabled={!parsed.ok} onClick={() => setView('tree')}>Tree</button>
        <button type="button" role="tab" aria-selected={view === 'raw' || !parsed.ok} onClick={() => setView('raw')}>Raw</button>
        <button type="button" disabled={record.rawTruncated === true && record.raw === ''} onClick={() => onCopy(record.raw)}>copy raw</button>
      </div>
      {parsed.ok && view === 'tree' ? (
        <>
          <PayloadSearch query={query} matches={matches} index={Math.min(index, Math.max(matches.length - 1, 0))}
            onQuery={(q) => { setQuery(q); setIndex(0); }} onIndex={setIndex} />
          <JsonTree value={parsed.value} onCopy={onCopy} activeMatch={matches[index]} />
        </>
      ) : <pre class="record-raw">{record.raw.length > 200_000 ? `${record.raw.slice(0, 200_000)}…` : record.raw}</pre>}
    </article>
  );
}
