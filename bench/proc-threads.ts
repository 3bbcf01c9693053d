/** The extension's service-worker thread in Linux /proc (null elsewhere, or when not found). */
import { readdirSync, readFileSync } from 'node:fs';

export function serviceWorkerThread(): { pid: string; tid: string } | null {
  let pids: string[];
  try { pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p)); } catch { return null; }
  for (const pid of pids) {
    try {
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        if (readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').startsWith('ServiceWorker')) return { pid, tid };
      }
    } catch { /* gone meanwhile */ }
  }
  return null;
}

/** A thread's nice value from /proc (field 19 of stat), or null. */
function niceOf(pid: string, tid: string): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const nice = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    return Number.isFinite(nice) ? nice : null;
  } catch {
    return null;
  }
}

/**
 * The SW thread's nice value and how many of the browser's threads the scheduler favours over
 * it (a lower nice value). Chromium gives its IO, compositor and browser threads nice −8 when it
 * may (as root, or with CAP_SYS_NICE); the SW thread keeps 0, so on a machine with few cores
 * it waits for a CPU behind them. Null elsewhere than Linux, or when the SW is not found.
 */
export function serviceWorkerPriority(): { swNice: number; favouredThreads: number } | null {
  const sw = serviceWorkerThread();
  const swNice = sw === null ? null : niceOf(sw.pid, sw.tid);
  if (sw === null || swNice === null) return null;
  let browserPids: string[];
  try {
    browserPids = readdirSync('/proc').filter((p) => /^\d+$/.test(p) && readFileSafe(`/proc/${p}/cmdline`).includes('chromium'));
  } catch {
    return null;
  }
  let favouredThreads = 0;
  for (const pid of browserPids) {
    let tids: string[] = [];
    try { tids = readdirSync(`/proc/${pid}/task`); } catch { continue; }
    for (const tid of tids) {
      const nice = niceOf(pid, tid);
      if (nice !== null && nice < swNice) favouredThreads += 1;
    }
  }
  return { swNice, favouredThreads };
}

function readFileSafe(path: string): string {
  try { return readFileSync(path, 'utf8'); } catch { return ''; }
}
