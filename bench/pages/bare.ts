/**
 * The baseline: an extension page that talks to the mock server directly. `flood` only
 * JSON.parses and stamps arrivals (the browser's own limit); `reference` is the reference
 * client's strategy (resend_all, fixed 3 s retry); `render` appends one row per event with no
 * virtualization and sticks to the bottom.
 */
import { Arrivals, now } from './arrivals';

const REFERENCE_RETRY_MS = 3_000;
const arrivals = new Arrivals();
const opens: number[] = [];
const sockets = new Set<WebSocket>();
let stopped = false;

function stampFrame(data: unknown): { kind?: string; id?: string } | undefined {
  if (typeof data !== 'string') return undefined;
  const event = JSON.parse(data) as { kind?: string; id?: string };
  if (typeof event.id === 'string') arrivals.stamp(event.id);
  return event;
}

function open(url: string, onFrame: (data: unknown) => void, retryMs?: number): void {
  const socket = new WebSocket(url);
  sockets.add(socket);
  socket.onopen = () => opens.push(now());
  socket.onmessage = (m) => onFrame(m.data);
  socket.onclose = () => {
    sockets.delete(socket);
    if (retryMs !== undefined && !stopped) setTimeout(() => open(url, onFrame, retryMs), retryMs);
  };
}

const rows = document.getElementById('rows')!;
let stickQueued = false;
function appendRow(text: string): void {
  const row = document.createElement('div');
  row.textContent = text;
  rows.appendChild(row);
  if (stickQueued) return;
  stickQueued = true;
  requestAnimationFrame(() => { stickQueued = false; rows.scrollTop = rows.scrollHeight; });
}

Object.assign(window, {
  __bare: {
    flood: (url: string) => open(url, stampFrame),
    reference: (url: string) => open(url, stampFrame, REFERENCE_RETRY_MS),
    render: (url: string) => open(url, (data) => {
      const event = stampFrame(data);
      if (event) appendRow(`${event.kind ?? '?'} ${event.id ?? ''}`);
    }),
    fillRows(n: number): number {
      const fragment = document.createDocumentFragment();
      for (let i = 0; i < n; i += 1) {
        const row = document.createElement('div');
        row.textContent = `row ${i} ObservationEvent terminal output line`;
        fragment.appendChild(row);
      }
      rows.appendChild(fragment);
      return rows.childElementCount;
    },
    scrollContainer: () => '#rows',
    openCount: () => sockets.size,
    opens: () => [...opens],
    has: (id: string) => arrivals.has(id),
    timesOf: (ids: string[]) => arrivals.timesOf(ids),
    arrived: () => arrivals.size,
    closeAll(): void {
      stopped = true;
      for (const s of sockets) s.close();
    },
  },
});
