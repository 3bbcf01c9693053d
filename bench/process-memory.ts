/**
 * Private memory of the renderer process that runs the extension's service worker (its pages
 * share that process), from /proc on Linux; null elsewhere. A cross-check on the V8 figures:
 * V8's heap usage undercounts external strings (text Blink hands over), and the process is
 * what a person sees in a task manager.
 */
import { readFileSync } from 'node:fs';
import { serviceWorkerThread } from './proc-threads';

/** Private (dirty + clean) bytes of the SW's renderer process, or null. */
export function extensionProcessPrivateBytes(): number | null {
  const pid = serviceWorkerThread()?.pid;
  if (pid === undefined) return null;
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? Number.NaN);
    const bytes = (kib('Private_Dirty') + kib('Private_Clean')) * 1024;
    return Number.isFinite(bytes) ? bytes : null;
  } catch {
    return null;
  }
}
