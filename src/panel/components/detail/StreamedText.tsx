import type { StreamInfo } from '../../../shared/record';
import { formatCount } from '../../log/format';

export interface StreamedTextProps {
  item: StreamInfo;
  onCopy: (text: string) => void;
}

/** What a listing left out of the start of a text (the record's "load full record" brings it). */
function Omitted({ chars }: { chars: number | undefined }) {
  if (!chars) return null;
  return <span class="stream-omitted">… {formatCount(chars)} earlier characters are held by the service worker (load full record)</span>;
}

/**
 * A streamed item's text as it grew (its raw text is only the frame that opened it): the text
 * and the reasoning, with how it ended and whether it is whole.
 */
export function StreamedText({ item, onCopy }: StreamedTextProps) {
  const flags = [item.state, item.lossy ? 'lossy: deltas missing' : '', item.truncated ? 'truncated: past the per-item cap' : '',
    item.attempt > 1 ? `attempt ${item.attempt}` : '', item.reason ? `reason: ${item.reason}` : ''].filter(Boolean);
  const textChars = item.text.length + (item.textOmitted ?? 0);
  return (
    <section class="streamed-text" aria-label="Streamed text">
      <div class="streamed-text-head">
        streamed item <code>{item.itemId}</code> · {flags.join(' · ')} · {formatCount(textChars)} characters
        <button type="button" disabled={item.textOmitted !== undefined} title={item.textOmitted !== undefined ? 'load the full record first' : undefined} onClick={() => onCopy(item.text)}>copy text</button>
      </div>
      {item.reasoning !== undefined && (
        <details class="streamed-reasoning">
          <summary>reasoning ({formatCount(item.reasoning.length + (item.reasoningOmitted ?? 0))} characters)</summary>
          <pre class="record-raw"><Omitted chars={item.reasoningOmitted} />{item.reasoning}</pre>
        </details>
      )}
      <pre class="record-raw" data-testid="streamed-text"><Omitted chars={item.textOmitted} />{item.text}</pre>
    </section>
  );
}
