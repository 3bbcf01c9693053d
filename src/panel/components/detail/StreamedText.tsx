import type { StreamInfo } from '../../../shared/record';
import { formatCount } from '../../log/format';

export interface StreamedTextProps {
  item: StreamInfo;
  onCopy: (text: string) => void;
  /**
   * The SW holds the whole record ("load full record"); false for an imported recording, which
   * holds only what the listing had when it was exported.
   */
  canLoadFull: boolean;
}

/** What a listing left out of the start of a text, and whether "load full record" brings it. */
function Omitted({ chars, canLoadFull }: { chars: number | undefined; canLoadFull: boolean }) {
  if (!chars) return null;
  const where = canLoadFull ? 'are held by the service worker (load full record)' : 'are not in this recording (it holds only the end)';
  return <span class="stream-omitted">… {formatCount(chars)} earlier characters {where}</span>;
}

/**
 * A streamed item's text as it grew (its raw text is only the frame that opened it): the text
 * and the reasoning, with how it ended and whether it is whole.
 */
export function StreamedText({ item, onCopy, canLoadFull }: StreamedTextProps) {
  const flags = [item.state, item.lossy ? 'lossy: deltas missing' : '', item.truncated ? 'truncated: past the per-item cap' : '',
    item.attempt > 1 ? `attempt ${item.attempt}` : '', item.reason ? `reason: ${item.reason}` : ''].filter(Boolean);
  const textChars = item.text.length + (item.textOmitted ?? 0);
  return (
    <section class="streamed-text" aria-label="Streamed text">
      <div class="streamed-text-head">
        streamed item <code>{item.itemId}</code> · {flags.join(' · ')} · {formatCount(textChars)} characters
        <button type="button" disabled={item.textOmitted !== undefined} title={item.textOmitted === undefined ? undefined : canLoadFull ? 'load the full record first' : 'the recording holds only the end'} onClick={() => onCopy(item.text)}>copy text</button>
      </div>
      {item.reasoning !== undefined && (
        <details class="streamed-reasoning">
          <summary>reasoning ({formatCount(item.reasoning.length + (item.reasoningOmitted ?? 0))} characters)</summary>
          <pre class="record-raw"><Omitted chars={item.reasoningOmitted} canLoadFull={canLoadFull} />{item.reasoning}</pre>
        </details>
      )}
      <pre class="record-raw" data-testid="streamed-text"><Omitted chars={item.textOmitted} canLoadFull={canLoadFull} />{item.text}</pre>
    </section>
  );
}
