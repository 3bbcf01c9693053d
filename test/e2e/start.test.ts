// `npm start` end to end, headless as on a machine without a display: it finds a free port next
// to a busy one, the panel shows live rows of the demo conversation, it saves a screenshot, and
// Ctrl-C (SIGINT to its process group, as a terminal sends it) stops the server and the browser.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { REPO_ROOT, waitFor } from './helpers/browser';

let temp: string;
let busy: Server;
let busyPort: number;

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'cdt-start-'));
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((resolve) => busy?.close(resolve));
  if (temp) await rm(temp, { recursive: true, force: true });
});

const portIsOpen = (port: number) => new Promise<boolean>((resolve) => {
  const probe = createServer();
  probe.once('error', () => resolve(true));
  probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
});

const chromiumUsing = (dir: string) => execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(`--load-extension=${dir}`));

test('npm start shows the live demo headless and stops cleanly on Ctrl-C', async () => {
  const out = join(temp, 'extension');
  const screenshot = join(temp, 'shot.png');
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DISPLAY;
  const child = spawn('npm', ['start', '--silent', '--', '--port', String(busyPort), '--every', '2', '--keep', '--out', out, '--screenshot', screenshot], {
    cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? `code ${code}`)));
  try {
    await waitFor(() => stdout.includes('screenshot: ') || child.exitCode !== null, 'the live summary and screenshot', 100_000);
    expect(stderr).toBe('');
    expect(stdout).toContain('headless (no $DISPLAY)');

    // The port it chose: the next free one after the busy one.
    const url = /mock agent server\s+(http:\/\/127\.0\.0\.1:(\d+))/.exec(stdout);
    const port = Number(url?.[2]);
    expect(port).toBeGreaterThan(busyPort);
    expect(stdout).toContain(`panel.html?server=${encodeURIComponent(url![1]!)}&conversation=7f3c2a9e-58b4-4c1e-9d0a-3e6b1f2c4d5e&protocol=auto`);

    // Live rows: start.ts only prints "live:" once a message sent after start shows in the panel.
    const live = /^live: panel: (\d+) rows.*service worker holds (\d+) events.*mock server has (\d+) live socket/m.exec(stdout);
    expect(live, stdout).not.toBeNull();
    expect(Number(live![1])).toBeGreaterThan(0);
    expect(Number(live![2])).toBeGreaterThan(0);
    expect(Number(live![3])).toBeGreaterThanOrEqual(1);
    expect((await readFile(screenshot)).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(await portIsOpen(port)).toBe(true);
    expect(chromiumUsing(out).length).toBeGreaterThan(0);

    process.kill(-child.pid!, 'SIGINT');
    // npm re-raises the SIGINT on itself once its script has exited (0, printing "stopped").
    expect(['code 0', 'SIGINT']).toContain(await exited);
    await waitFor(() => stdout.includes('stopped: browser closed, mock server closed'), 'the stop line').catch((error: Error) => {
      throw new Error(`${error.message}; stdout ends: ${stdout.slice(-600)}; stderr ends: ${stderr.slice(-600)}`);
    });
    await waitFor(async () => !(await portIsOpen(port)), 'the mock server port to close');
    expect(chromiumUsing(out)).toEqual([]);
  } finally {
    if (child.exitCode === null) {
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* the group is already gone */ }
    }
  }
  expect(existsSync(out)).toBe(true);
}, 150_000);
