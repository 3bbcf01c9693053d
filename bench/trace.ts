/**
 * Main-thread time per frame and long tasks from a Chromium performance trace (headless
 * Chromium quantises requestAnimationFrame, so rAF intervals would lie). Busy time is the
 * sum of top-level RunTask slices on the renderer main thread, per 16.7 ms frame slot (by start).
 */
import type { CdpClient } from './cdp';
import { percentile, round } from './result';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of an X event: less than dur when the thread waited for a CPU. */
  tdur?: number;
  args?: { name?: string };
}

const CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame'];
export const FRAME_US = 16_667;

/** Traces the whole browser while `during` runs. */
export async function traceWhile(cdp: CdpClient, during: () => Promise<void>, categories = CATEGORIES): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  const offData = cdp.on('Tracing.dataCollected', (p) => { events.push(...(p.value as TraceEvent[])); });
  const complete = new Promise<void>((resolve) => { const off = cdp.on('Tracing.tracingComplete', () => { off(); resolve(); }); });
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: categories } });
  try {
    await during();
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    offData();
  }
  return events;
}

export interface FrameStats {
  frames: number;
  p50BusyMs: number;
  p95BusyMs: number;
  maxBusyMs: number;
  /** Main-thread busy time per second of wall time (does not saturate like the per-frame figure). */
  busyMsPerSecond: number;
  longTasks: number;
  longestTaskMs: number;
  /**
   * The same from thread time (CPU actually used, trace `tdur`): on a machine with fewer cores
   * than busy threads, wall time also counts the time the main thread waited for a CPU.
   */
  cpu: { msPerSecond: number; p95Ms: number; longTasks: number; longestTaskMs: number };
}

/**
 * Frame statistics for the extension's renderer main thread (the process that also runs the
 * extension's service worker thread: every page of one extension shares that renderer), or
 * null when it is not in the trace.
 */
export function frameStats(events: TraceEvent[]): FrameStats | null {
  const threadNamed = (name: string) => events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === name);
  const pid = threadNamed('ServiceWorker thread')[0]?.pid;
  const tid = threadNamed('CrRendererMain').find((e) => e.pid === pid)?.tid;
  if (pid === undefined || tid === undefined) return null;
  const tasks = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.name === 'RunTask' && e.dur !== undefined);
  if (tasks.length === 0) return null;
  const start = Math.min(...tasks.map((t) => t.ts));
  const end = Math.max(...tasks.map((t) => t.ts + t.dur!));
  const windows = new Float64Array(Math.max(1, Math.ceil((end - start) / FRAME_US)));
  // Each task counts whole in the 16.7 ms slot where it starts, so a 300 ms task reads as a
  // 300 ms frame instead of saturating a run of windows at 16.7.
  for (const t of tasks) {
    const index = Math.floor((t.ts - start) / FRAME_US);
    windows[index] = (windows[index] ?? 0) + t.dur!;
  }
  const cpuWindows = new Float64Array(windows.length);
  for (const t of tasks) {
    const index = Math.floor((t.ts - start) / FRAME_US);
    cpuWindows[index] = (cpuWindows[index] ?? 0) + (t.tdur ?? t.dur!);
  }
  const busy = [...windows].map((us) => us / 1000).sort((a, b) => a - b);
  const busyCpu = [...cpuWindows].map((us) => us / 1000).sort((a, b) => a - b);
  const long = tasks.filter((t) => t.dur! > 50_000);
  const seconds = (end - start) / 1e6;
  return {
    frames: busy.length,
    busyMsPerSecond: round(busy.reduce((a, b) => a + b, 0) / seconds, 0),
    p50BusyMs: round(percentile(busy, 50)), p95BusyMs: round(percentile(busy, 95)), maxBusyMs: round(busy[busy.length - 1] ?? 0),
    longTasks: long.length, longestTaskMs: round(Math.max(0, ...tasks.map((t) => t.dur!)) / 1000),
    cpu: {
      msPerSecond: round(busyCpu.reduce((a, b) => a + b, 0) / seconds, 0),
      p95Ms: round(percentile(busyCpu, 95)),
      longTasks: tasks.filter((t) => (t.tdur ?? t.dur!) > 50_000).length,
      longestTaskMs: round(Math.max(0, ...tasks.map((t) => t.tdur ?? t.dur!)) / 1000),
    },
  };
}
