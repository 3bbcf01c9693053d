import { useEffect, useState } from 'preact/hooks';
import type { LogRecord } from '../../../shared/record';
import type { RecordingHeader } from '../../../shared/recording';
import { saveBlob } from './download';
import { buildExportBlob, exportFileName, previewExport, type ExportFormat, type ExportJob, type ExportPreview } from './export-file';

export interface ExportRecordingProps {
  header: RecordingHeader;
  records: readonly LogRecord[];
  /** Session keys the panel knows: redacted wherever they appear. */
  secrets?: readonly string[];
  loadFull?: ExportJob['loadFull'];
  /** Where the file goes (an `<a download>` by default). */
  save?: (blob: Blob, fileName: string) => void;
}

type Phase = { name: 'closed' } | { name: 'preview'; preview?: ExportPreview } | { name: 'writing'; written: number } | { name: 'saved'; fileName: string } | { name: 'failed'; message: string };

/** Export as native NDJSON or HAR, after a preview of everything that will be redacted. */
export function ExportRecording(props: ExportRecordingProps) {
  const [phase, setPhase] = useState<Phase>({ name: 'closed' });
  const [format, setFormat] = useState<ExportFormat>('ndjson');
  const { header, records, secrets } = props;

  useEffect(() => {
    if (phase.name !== 'preview' || phase.preview) return;
    let cancelled = false;
    // Over the full records (fetched for listings); "working out…" paints meanwhile. Started once
    // per opening, with the props of that moment: the parent passes a new header and secrets
    // array on every render (once per frame while a stream runs), and restarting on those would
    // refetch every payload each frame and never finish.
    previewExport(header, records, secrets, props.loadFull).then(
      (preview) => { if (!cancelled) setPhase({ name: 'preview', preview }); },
      (error: unknown) => { if (!cancelled) setPhase({ name: 'failed', message: error instanceof Error ? error.message : String(error) }); },
    );
    return () => { cancelled = true; };
  }, [phase]);

  const save = async () => {
    setPhase({ name: 'writing', written: 0 });
    try {
      const blob = await buildExportBlob({ header, records, format, ...(secrets ? { secrets } : {}), ...(props.loadFull ? { loadFull: props.loadFull } : {}),
        onProgress: (written) => { if (written % 1_000 === 0) setPhase({ name: 'writing', written }); } });
      const fileName = exportFileName(header, format);
      (props.save ?? saveBlob)(blob, fileName);
      setPhase({ name: 'saved', fileName });
    } catch (error) {
      setPhase({ name: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  };

  const open = phase.name === 'preview' || phase.name === 'writing' || phase.name === 'failed';
  const preview = phase.name === 'preview' ? phase.preview : undefined;
  return (
    <span class="export-recording">
      <button type="button" name="export-open" disabled={records.length === 0 || open} onClick={() => setPhase({ name: 'preview' })}>Export…</button>
      {phase.name === 'saved' && <span role="status" data-testid="export-saved"> saved {phase.fileName}</span>}
      {open && (
        <div class="export-dialog" role="dialog" aria-label="Export recording">
          <fieldset>
            <legend>Format</legend>
            <label><input type="radio" name="export-format" value="ndjson" checked={format === 'ndjson'} onChange={() => setFormat('ndjson')} /> Native recording (NDJSON)</label>
            <label><input type="radio" name="export-format" value="har" checked={format === 'har'} onChange={() => setFormat('har')} /> HAR 1.2 (Chrome WebSocket frames)</label>
          </fieldset>
          {phase.name === 'preview' && !preview && <p role="status">Working out what will be redacted…</p>}
          {preview && (
            <div class="redaction-preview" data-testid="redaction-preview" data-total={preview.total}>
              <p>{preview.total === 0 ? 'Nothing to redact was found.' : `${preview.total} value(s) in ${preview.recordsAffected} record(s) will be replaced by <redacted>:`}</p>
              {preview.items.length > 0 && (
                <table>
                  <thead><tr><th>record</th><th>where</th><th>why</th></tr></thead>
                  <tbody>{preview.items.map((item, i) => <tr key={i}><td>{item.seq === 0 ? 'header' : `#${item.seq}`}</td><td><code>{item.path}</code></td><td>{item.reason}</td></tr>)}</tbody>
                </table>
              )}
              {preview.total > preview.items.length && <p>… and {preview.total - preview.items.length} more.</p>}
              {preview.withoutPayload > 0 && (
                <p class="warn" role="note" data-testid="export-without-payload">
                  {preview.withoutPayload} record(s) will be saved without their payload: the extension no longer holds it (dropped to stay within its memory cap), or it is too large to send to the panel in one message. Their kind, id and summary are kept.
                </p>
              )}
            </div>
      )}
      {phase.name === 'writing' && <p role="status"><progress max={records.length} value={phase.written} /> writing {phase.written} / {records.length}</p>}
      {phase.name === 'failed' && <p class="field-error" role="alert">Export failed: {phase.message}</p>}
      <button type="button" name="export-save" disabled={!preview} onClick={() => void save()}>Save {records.length} records</button>
      <button type="button" disabled={phase.name === 'writing'} onClick={() => setPhase({ name: 'closed' })}>Cancel</button>
    </div>
      )}
    </span>
  );
}
