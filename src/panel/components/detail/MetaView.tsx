import type { MetaInfo } from '../../../shared/record';

export interface MetaViewProps {
  /** The connection fact (transition, error or note). */
  meta: MetaInfo;
}

/** A meta record shown plainly. */
export function MetaView({ meta }: MetaViewProps) {
  if (meta.type === 'transition') {
    return (
      <dl class="meta-view">
        <dt>Transition</dt><dd>{meta.from} → {meta.to}</dd>
        <dt>Cause</dt><dd>{meta.cause}</dd>
        {meta.code !== undefined && <><dt>Close code</dt><dd>{meta.code}</dd></>}
        {meta.reason && <><dt>Reason</dt><dd>{meta.reason}</dd></>}
        <dt>Attempt</dt><dd>{meta.attempt}</dd>
        {meta.delayMs !== undefined && <><dt>Retry in</dt><dd>{meta.delayMs} ms</dd></>}
      </dl>
    );
  }
  if (meta.type === 'error') return <p class="meta-view meta-error" role="alert">{meta.origin} error: {meta.message}</p>;
  return <p class="meta-view meta-note">{meta.message}</p>;
}
