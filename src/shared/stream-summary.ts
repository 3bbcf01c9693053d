/**
 * The one line a streamed item's record shows: its state and the end of its text. Shared: the
 * SW writes it as the item grows, and a recording's reader gives it back to an imported item
 * (its stored frame is only the item's first one).
 */
import type { StreamInfo } from './record';

/** Characters of a streamed item's text in its summary line. */
export const SUMMARY_TAIL_CHARS = 160;

export const tailOf = (text: string): string => (text.length > SUMMARY_TAIL_CHARS ? text.slice(-SUMMARY_TAIL_CHARS) : text);

/** `tail`: the text's end as the SW's stream slot keeps it; else taken from the text. */
export function streamSummary(info: StreamInfo, tailText = tailOf(info.text)): string {
  const tail = info.text.length > SUMMARY_TAIL_CHARS ? `…${tailText}` : tailText;
  const flags = [info.state, info.lossy ? 'lossy' : '', info.truncated ? 'truncated' : '', info.attempt > 1 ? `attempt ${info.attempt}` : ''].filter(Boolean).join(', ');
  return `stream ${info.itemId} (${flags}): ${tail.replace(/\s+/g, ' ')}`;
}
