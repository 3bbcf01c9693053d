/**
 * Private memory of the renderer process that runs the extension's service worker (its pages
 * share that process), from /proc on Linux; null elsewhere. A cross-check on the V8 figures:
 * V8's heap usage undercounts external strings (text Blink hands over), and the process is
 * what a person sees in a task manager.
 */
import { readdirSync, readFileSync } from 'node:fs';

function serviceWorkerProcess(): string | null {
  let pids: string[];
  try { pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p)); } catch { return null; }
  for (const pid of pids) {
    try {
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        if (readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').startsWith('ServiceWorker')) return pid;
      }
    } catch { /* gone meanwhile */ }
  }
  return null;
}

/** Private (dirty + clean) bytes of the SW's renderer process, or null. */
export function extensionProcessPrivateBytes(): number | null {
  const pid = serviceWorkerProcess();
  if (pid === null) return null;
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? Number.NaN);
    const bytes = (kib('Private_Dirty') + kib('Private_Clean')) * 1024;
    return Number.isFinite(bytes) ? bytes : null;
  } catch {
    return null;
  }
}
