/**
 * The reconnect story at a glance: every connection transition (time, from → to, cause, close
 * code and reason, attempt, chosen delay) and every error, newest last, with an error count
 * badge. Entries select their record in the log. As the reference client does, a V0
 * "websocket error" or "timeout" is transient: listed, but dimmed and not counted.
 */
import type { LogRecord } from '../../../shared/record';
import type { Conversation } from '../../store/conversation';

export interface ConnectionTimelineProps {
  conversation: Conversation;
  onSelect(seq: number): void;
}

const TRANSIENT = /^(websocket error|timeout)$/i;
const time = (ms: number) => new Date(ms).toISOString().slice(11, 23);

function errorText(record: LogRecord): string {
  return record.meta?.type === 'error' ? `${record.meta.origin}: ${record.meta.message}` : record.summary;
}

export function isTransientError(record: LogRecord): boolean {
  const message = record.meta?.type === 'error' ? record.meta.message : record.summary;
  return TRANSIENT.test(message.trim());
}

function TransitionLine({ record }: { record: LogRecord }) {
  const meta = record.meta;
  if (meta?.type !== 'transition') return null;
  return (
    <>
      <span class="tl-states">{meta.from} → {meta.to}</span>
      <span class="tl-cause">{meta.cause}</span>
      {meta.code !== undefined && <span class="tl-code" data-testid="timeline-code">{meta.code}{meta.reason ? ` ${meta.reason}` : ''}</span>}
      <span class="tl-attempt">attempt {meta.attempt}</span>
      {meta.delayMs !== undefined && <span class="tl-delay">retry in {meta.delayMs} ms</span>}
    </>
  );
}

export function ConnectionTimeline({ conversation, onSelect }: ConnectionTimelineProps) {
  const entries = conversation.story.entries.value;
  const forgotten = conversation.story.forgotten.value;
  const transitions = entries.filter((r) => r.meta?.type === 'transition');
  const errors = entries.filter((r) => r.meta?.type !== 'transition');
  const counted = errors.filter((r) => !isTransientError(r)).length;
  return (
    <>
      <details class="timeline" open>
        <summary>Connection timeline <span class="count">{transitions.length}</span></summary>
        {forgotten > 0 && <p class="warn">{forgotten} older entries forgotten</p>}
        <ol class="tl-list" aria-label="Connection transitions">
          {transitions.map((r) => (
            <li key={r.seq} data-seq={r.seq} data-to={r.meta?.type === 'transition' ? r.meta.to : undefined} onClick={() => onSelect(r.seq)}>
              <time>{time(r.receivedAt)}</time> <TransitionLine record={r} />
            </li>
          ))}
        </ol>
      </details>
      <details class="errors" open={counted > 0}>
        <summary>Errors <span class={counted > 0 ? 'count count-error' : 'count'} data-testid="error-count">{counted}</span></summary>
        <ol class="tl-list" aria-label="Errors">
          {errors.map((r) => (
            <li key={r.seq} data-seq={r.seq} class={isTransientError(r) ? 'transient' : 'error'} onClick={() => onSelect(r.seq)}>
              <time>{time(r.receivedAt)}</time> <span>{errorText(r)}</span>
            </li>
          ))}
        </ol>
      </details>
    </>
  );
}
