/** How much each measurement does: full figures for the committed table, a quick pass for the test. */
export interface BenchSizes {
  floodEvents: number;
  latencySeconds: number;
  /** Quiet time between the flood and the latency stream (see measureLatency). */
  afterFloodPauseMs: number;
  historyEvents: number;
  renderSeconds: number;
  scrollRows: number;
  reconnectHistory: number;
  reconnectMissed: number;
  outageSeconds: number[];
}

export function benchSizes(quick: boolean): BenchSizes {
  return quick
    ? { floodEvents: 2_000, latencySeconds: 1, afterFloodPauseMs: 0, historyEvents: 2_000, renderSeconds: 1, scrollRows: 2_000, reconnectHistory: 100, reconnectMissed: 50, outageSeconds: [1] }
    : { floodEvents: 50_000, latencySeconds: 10, afterFloodPauseMs: 12_000, historyEvents: 100_000, renderSeconds: 10, scrollRows: 100_000, reconnectHistory: 2_000, reconnectMissed: 500, outageSeconds: [5, 30] };
}
