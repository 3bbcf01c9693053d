/** The result file's shape: one entry per measurement, measured or honestly not. */

export interface TargetCheck {
  /** What is compared, e.g. "pipeline/bare throughput". */
  name: string;
  /** The goal, human-readable ("≥ 0.7"). */
  target: string;
  value: number | null;
  met: boolean | null;
}

export type Measurement =
  | { status: 'measured'; summary: string; targets: TargetCheck[]; data: Record<string, unknown>; notes?: string[] }
  | { status: 'not-measured'; why: string }
  | { status: 'failed'; why: string };

export const MEASUREMENT_NAMES = ['throughput', 'latency', 'memory', 'rendering', 'reconnect', 'historyLoad'] as const;
export type MeasurementName = (typeof MEASUREMENT_NAMES)[number];

export interface BenchResult {
  schema: 1;
  mode: 'full' | 'quick';
  startedAt: string;
  finishedAt: string;
  machine: Record<string, string | number>;
  versions: Record<string, string>;
  /** What "the pipeline" ends in for this run (panel store, or a port client while it is missing). */
  pipelineInto: string;
  measurements: Record<MeasurementName, Measurement>;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

export function check(name: string, target: string, value: number | null, ok: (v: number) => boolean): TargetCheck {
  return { name, target, value: value === null || Number.isNaN(value) ? null : round(value, 3), met: value === null || Number.isNaN(value) ? null : ok(value) };
}

export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}
