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
