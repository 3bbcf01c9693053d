/** Column titles of the event list (ARIA row 1 of the grid). */
export function LogHeader() {
  return (
    <div role="row" class="log-row log-header" aria-rowindex={1}>
      <span role="columnheader" class="c-seq">#</span>
      <span role="columnheader" class="c-time">time</span>
      <span role="columnheader" class="c-dir" title="direction">⇅</span>
      <span role="columnheader" class="c-source">source</span>
      <span role="columnheader" class="c-kind">kind</span>
      <span role="columnheader" class="c-summary">summary</span>
      <span role="columnheader" class="c-size">size</span>
    </div>
  );
}
