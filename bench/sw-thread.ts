/**
 * What the SW's thread went through during a measurement, to tell our code's cost from the
 * machine's: a 10 ms timer inside the SW records how late it fires (a late timer means the
 * thread could not run JS at all), and on Linux /proc/<pid>/task/<tid>/schedstat says how long
 * the thread was runnable but waiting for a CPU, and how much CPU it used.
 */
import { readFileSync } from 'node:fs';
import type { BenchBrowser } from './browser';
import { round } from './result';
import { serviceWorkerPriority, serviceWorkerThread } from './proc-threads';

const TICK_MS = 10;
/** A tick this late or later counts as a stall. */
const STALL_MS = 50;

export interface SwThreadReport {
  /** Timer ticks that fired ≥ 50 ms late, and the latest one (ms). */
  stalls: number;
  longestStallMs: number;
  /** Linux only (null elsewhere): time runnable but not running, and time on a CPU (ms). */
  runQueueWaitMs: number | null;
  cpuMs: number | null;
  /** Linux only: the SW thread's nice value and the browser threads with a lower one (scheduled first). */
  priority: { swNice: number; favouredThreads: number } | null;
}

function swThreadStat(): string | null {
  const thread = serviceWorkerThread();
  return thread === null ? null : `/proc/${thread.pid}/task/${thread.tid}/schedstat`;
}

/** [cpu ns, run-queue wait ns] of the SW thread, or null. */
function schedstat(path: string | null): [number, number] | null {
  if (path === null) return null;
  try {
    const [cpu, wait] = readFileSync(path, 'utf8').trim().split(/\s+/).map(Number);
    return cpu === undefined || wait === undefined ? null : [cpu, wait];
  } catch {
    return null;
  }
}

/** Starts watching; the returned function stops and reports. */
export async function watchSwThread(browser: BenchBrowser): Promise<() => Promise<SwThreadReport>> {
  const session = await browser.sessionOn('sw');
  const install = `(() => { const g = globalThis; clearInterval(g.__benchTick); g.__benchLate = []; let last = Date.now();
    g.__benchTick = setInterval(() => { const t = Date.now(); const late = t - last - ${TICK_MS}; if (late >= ${STALL_MS}) g.__benchLate.push(late); last = t; }, ${TICK_MS}); })()`;
  await browser.cdp.send('Runtime.evaluate', { expression: install }, session);
  const path = swThreadStat();
  const before = schedstat(path);
  return async () => {
    const after = schedstat(path);
    const { result } = await browser.cdp.send<{ result: { value: number[] } }>('Runtime.evaluate', {
      expression: 'clearInterval(globalThis.__benchTick), globalThis.__benchLate', returnByValue: true,
    }, session);
    const late = result.value ?? [];
    return {
      stalls: late.length,
      longestStallMs: late.length === 0 ? 0 : Math.max(...late),
      runQueueWaitMs: before && after ? round((after[1] - before[1]) / 1e6, 0) : null,
      cpuMs: before && after ? round((after[0] - before[0]) / 1e6, 0) : null,
      priority: serviceWorkerPriority(),
    };
  };
}
