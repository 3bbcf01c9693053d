import { useState } from 'preact/hooks';
import { readRecording, type ReadResult } from '../../../shared/recording';
import { streamChunks } from './stream-chunks';

export interface ImportRecordingProps {
  /** A recording was read (possibly with per-line errors, which stay listed here). */
  onImported(result: ReadResult, fileName: string): void;
  /** The reader (the real one by default; tests may pass another). */
  read?: typeof readRecording;
}

type Progress =
  | { phase: 'idle' }
  | { phase: 'reading'; name: string; bytes: number; size: number }
  | { phase: 'done'; name: string; records: number; format: string; errors: ReadResult['errors'] }
  | { phase: 'failed'; name: string; message: string };

/** Errors listed at most; the rest are counted. */
const SHOWN_ERRORS = 100;

/** Opens a native recording or a HAR (ours or Chrome's), streamed in with a progress bar. */
export function ImportRecording({ onImported, read = readRecording }: ImportRecordingProps) {
  const [progress, setProgress] = useState<Progress>({ phase: 'idle' });

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    setProgress({ phase: 'reading', name: file.name, bytes: 0, size: file.size });
    try {
      const result = await read(streamChunks(file.stream()), {
        onProgress: (bytes) => setProgress({ phase: 'reading', name: file.name, bytes, size: file.size }),
      });
      setProgress({ phase: 'done', name: file.name, records: result.records.length, format: result.format, errors: result.errors });
      if (result.records.length > 0) onImported(result, file.name);
    } catch (error) {
      setProgress({ phase: 'failed', name: file.name, message: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <span class="import-recording" data-phase={progress.phase}>
      <label class="file-button" title="Import a recording (.ndjson or .har)">Import…
        <input type="file" name="import-recording" accept=".ndjson,.jsonl,.har,.json,application/json" disabled={progress.phase === 'reading'}
          onChange={(e) => { const input = e.currentTarget as HTMLInputElement; void importFile(input.files?.[0]); input.value = ''; }} />
      </label>
      {progress.phase === 'reading' && (
        <span class="import-progress" role="status">
          <progress max={progress.size || 1} value={progress.bytes} /> {progress.name}: {Math.floor((100 * progress.bytes) / Math.max(1, progress.size))}%
        </span>
      )}
      {progress.phase === 'failed' && <p class="field-error" role="alert">{progress.name} could not be imported: {progress.message}</p>}
      {progress.phase === 'done' && (
        <span class="import-result" role="status" data-testid="import-result">
          {progress.name}: {progress.records} records ({progress.format === 'har' ? 'HAR' : 'native recording'}){progress.records === 0 ? ' — nothing to show' : ''}
          {progress.errors.length > 0 && (
            <details class="import-errors-box" open>
              <summary class="field-error">{progress.errors.length} problems</summary>
              <ul class="import-errors field-error" data-testid="import-errors">
                {progress.errors.slice(0, SHOWN_ERRORS).map((e, i) => <li key={i}>{e.line > 0 ? `line ${e.line}: ` : ''}{e.message}</li>)}
                {progress.errors.length > SHOWN_ERRORS && <li>… {progress.errors.length - SHOWN_ERRORS} more</li>}
              </ul>
            </details>
          )}
          <button type="button" aria-label="Dismiss" onClick={() => setProgress({ phase: 'idle' })}>×</button>
        </span>
      )}
    </span>
  );
}
