import type { LogRecord } from '../../../shared/record';
import { kindOf, rowSummary } from '../../log/record-labels';
import { pure } from '../pure';
import { DIRECTION_GLYPH, DIRECTION_LABEL, formatClockTime, formatIsoTime, formatSize, truncateForRow } from '../../log/format';

export interface LogRowProps {
  record: LogRecord;
  /** 1-based row index for ARIA (the header is row 1). */
  ariaRowIndex: number;
  isSelected: boolean;
  isCursor: boolean;
  onSelect(seq: number): void;
}

/** Element id of a row, for `aria-activedescendant`. */
export const rowElementId = (seq: number) => `log-row-${seq}`;

function Badges({ record }: { record: LogRecord }) {
  const badges: Array<[string, string]> = [];
  if (record.validity !== 'ok') badges.push([`validity validity-${record.validity}`, record.validity]);
  if (record.outgoing) badges.push([`outgoing outgoing-${record.outgoing.status}`, record.outgoing.status]);
  if (record.streamItem) badges.push([`stream stream-${record.streamItem.state}`, record.streamItem.state]);
  return <>{badges.map(([cls, label]) => <span key={cls} class={`badge ${cls}`}>{label}</span>)}</>;
}

/**
 * One record as one fixed-height line. Re-rendered only when one of its props changed, so a
 * streamed batch renders its new rows, not every row of the window again.
 */
export const LogRow = pure(rowLine, 'LogRow');

/** One record as one fixed-height line; all content is text (never markup). */
function rowLine({ record, ariaRowIndex, isSelected, isCursor, onSelect }: LogRowProps) {
  const kind = kindOf(record);
  const classes = ['log-row', `cat-${record.category}`, `dir-${record.direction}`];
  if (record.validity !== 'ok') classes.push('has-problem');
  if (isSelected) classes.push('is-selected');
  if (isCursor) classes.push('is-cursor');
  return (
    <div
      role="row"
      id={rowElementId(record.seq)}
      class={classes.join(' ')}
      aria-rowindex={ariaRowIndex}
      aria-selected={isSelected}
      data-seq={record.seq}
      data-event-id={record.eventId}
      data-kind={kind}
      data-direction={record.direction}
      data-validity={record.validity}
      onClick={() => onSelect(record.seq)}
    >
      <span role="gridcell" class="c-seq">{record.seq}</span>
      <span role="gridcell" class="c-time" title={formatIsoTime(record.receivedAt)}>{formatClockTime(record.receivedAt)}</span>
      <span role="gridcell" class="c-dir" title={DIRECTION_LABEL[record.direction]}>{DIRECTION_GLYPH[record.direction]}</span>
      <span role="gridcell" class="c-source">{record.source ?? ''}</span>
      <span role="gridcell" class="c-kind" title={record.nestedKind ? `${kind} › ${record.nestedKind}` : kind}>
        {kind}{record.nestedKind ? <span class="nested-kind"> › {record.nestedKind}</span> : null}
      </span>
      <span role="gridcell" class="c-summary" title={record.summary.length <= 500 ? record.summary : undefined}><Badges record={record} />{truncateForRow(rowSummary(record))}</span>
      <span role="gridcell" class="c-size">{formatSize(record.size)}</span>
    </div>
  );
}
