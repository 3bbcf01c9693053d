/**
 * The reconnect story at a glance: every connection transition (time, from → to, cause, close
 * code and reason, attempt, chosen delay) and every error, newest last, with an error count
 * badge. Entries select their record in the log. As the reference client does, a V0
 * "websocket error" or "timeout" is transient: listed, but dimmed and not counted.
 *
 * A flood that carries errors changes the story with nearly every batch: the lists render at
 * most once per frame, only when the story changed, and entries already shown are not rebuilt
 * (re-rendering 500 entries per port message was a third of the panel's main thread at
 * 1,000 records/s), nor diffed again block by block (timeline-blocks.ts).
 */
import type { LogRecord } from '../../../shared/record';
import type { Conversation } from '../../store/conversation';
import { formatIsoTime, INVALID_TIME } from '../../log/format';
import { useRef } from 'preact/hooks';
import { usePerFrame } from '../per-frame';
import { pure } from '../pure';
import { splitIntoBlocks, type TimelineBlock } from './timeline-blocks';

export interface ConnectionTimelineProps {
  conversation: Conversation;
  onSelect(seq: number): void;
}

const TRANSIENT = /^(websocket error|timeout)$/i;
const time = (ms: number) => { const iso = formatIsoTime(ms); return iso === INVALID_TIME ? iso : iso.slice(11, 23); };

function errorText(record: LogRecord): string {
  return record.meta?.type === 'error' ? `${record.meta.origin}: ${record.meta.message}` : record.summary;
}

export function isTransientError(record: LogRecord): boolean {
  const message = record.meta?.type === 'error' ? record.meta.message : record.summary;
  return TRANSIENT.test(message.trim());
}

function TransitionEntry({ record }: { record: LogRecord }) {
  const meta = record.meta;
  if (meta?.type !== 'transition') return null;
  return (
    <li data-seq={record.seq} data-to={meta.to}>
      <time>{time(record.receivedAt)}</time>{' '}
      <span class="tl-states">{meta.from} → {meta.to}</span>
      <span class="tl-cause">{meta.cause}</span>
      {meta.code !== undefined && <span class="tl-code" data-testid="timeline-code">{meta.code}{meta.reason ? ` ${meta.reason}` : ''}</span>}
      <span class="tl-attempt">attempt {meta.attempt}</span>
      {meta.delayMs !== undefined && <span class="tl-delay">retry in {meta.delayMs} ms</span>}
    </li>
  );
}

function ErrorEntry({ record }: { record: LogRecord }) {
  return (
    <li data-seq={record.seq} class={isTransientError(record) ? 'transient' : 'error'}>
      <time>{time(record.receivedAt)}</time> <span>{errorText(record)}</span>
    </li>
  );
}

const TransitionItem = pure(TransitionEntry);
const ErrorItem = pure(ErrorEntry);
const TransitionBlock = pure(({ records }: { records: readonly LogRecord[] }) => <>{records.map((r) => <TransitionItem key={r.seq} record={r} />)}</>, 'TransitionBlock');
const ErrorBlock = pure(({ records }: { records: readonly LogRecord[] }) => <>{records.map((r) => <ErrorItem key={r.seq} record={r} />)}</>, 'ErrorBlock');

/** The list's blocks for this render, reusing the last render's unchanged ones. */
function useBlocks(records: readonly LogRecord[]): TimelineBlock[] {
  const state = useRef<{ blocks: TimelineBlock[]; nextId: number }>({ blocks: [], nextId: 0 });
  state.current.blocks = splitIntoBlocks(records, state.current.blocks, () => state.current.nextId++);
  return state.current.blocks;
}

/** One click handler per list: the entry's `data-seq` says which record it selects. */
function selectEntry(event: MouseEvent, onSelect: (seq: number) => void): void {
  const item = (event.target as Element | null)?.closest?.('li[data-seq]');
  if (item instanceof HTMLElement) onSelect(Number(item.dataset.seq));
}

function Timeline({ conversation, onSelect }: ConnectionTimelineProps) {
  const { story } = conversation;
  usePerFrame(story.entries, story.forgotten);
  const entries = story.entries.peek();
  const forgotten = story.forgotten.peek();
  const transitions = entries.filter((r) => r.meta?.type === 'transition');
  const errors = entries.filter((r) => r.meta?.type !== 'transition');
  const counted = errors.filter((r) => !isTransientError(r)).length;
  const transitionBlocks = useBlocks(transitions);
  const errorBlocks = useBlocks(errors);
  return (
    <>
      <details class="timeline" open>
        <summary>Connection timeline <span class="count">{transitions.length}</span></summary>
        {forgotten > 0 && <p class="warn">{forgotten} older entries forgotten</p>}
        <ol class="tl-list" aria-label="Connection transitions" onClick={(e) => selectEntry(e, onSelect)}>
          {transitionBlocks.map((b) => <TransitionBlock key={b.id} records={b.records} />)}
        </ol>
      </details>
      <details class="errors" open={counted > 0}>
        <summary>Errors <span class={counted > 0 ? 'count count-error' : 'count'} data-testid="error-count">{counted}</span></summary>
        <ol class="tl-list" aria-label="Errors" onClick={(e) => selectEntry(e, onSelect)}>
          {errorBlocks.map((b) => <ErrorBlock key={b.id} records={b.records} />)}
        </ol>
      </details>
    </>
  );
}

export const ConnectionTimeline = pure(Timeline, 'ConnectionTimeline');
