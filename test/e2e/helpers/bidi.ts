/**
 * A minimal WebDriver BiDi client for Firefox's own remote agent (no geckodriver): starts
 * headless Firefox on a fresh profile with the given prefs, opens a session, sends commands and
 * evaluates scripts. `--remote-allow-system-access` lets scripts run in the browser chrome too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const hasFirefox = existsSync(FIREFOX_PATH);

export type PrefValue = string | number | boolean;

export interface BidiSession {
  /** One BiDi command; rejects with the remote end's error. */
  send<T = Record<string, unknown>>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** Evaluates `expression` in a browsing context (awaiting a promise), as a plain JSON-like value. */
  evaluate<T = unknown>(context: string, expression: string): Promise<T>;
  /** What Firefox printed so far (set FIREFOX_LOG=1 to see it live). */
  output(): string;
  close(): Promise<void>;
}

/** Prefs every test profile gets: no first-run pages, no telemetry, the remote agent's defaults. */
const QUIET_PREFS: Record<string, PrefValue> = {
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'remote.prefs.recommended': true,
};

export async function launchFirefoxBidi(prefs: Record<string, PrefValue> = {}): Promise<BidiSession> {
  const profile = await mkdtemp(join(tmpdir(), 'cdt-firefox-bidi-'));
  const userJs = Object.entries({ ...QUIET_PREFS, ...prefs }).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`);
  await writeFile(join(profile, 'user.js'), userJs.join('\n'));
  // Its own process group, so close() ends Firefox's content processes with it.
  const firefox = spawn(FIREFOX_PATH, [
    '--headless', '--no-remote', '--profile', profile, '--remote-debugging-port=0', '--remote-allow-system-access', 'about:blank',
  ], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (process.env.FIREFOX_LOG) process.stdout.write(`[firefox] ${chunk.toString()}`);
  };
  firefox.stdout!.on('data', collect);
  firefox.stderr!.on('data', collect);
  const stop = async () => {
    killGroup(firefox);
    await rm(profile, { recursive: true, force: true }).catch(() => undefined);
  };
  try {
    const url = await listeningUrl(firefox, () => output);
    const session = await openSession(`${url}/session`);
    return {
      ...session,
      output: () => output,
      async close() {
        await session.send('browser.close').catch(() => undefined);
        session.socket.close();
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function killGroup(child: ChildProcess): void {
  try { if (child.pid) process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
}

/** Firefox prints where its BiDi agent listens once it is up. */
function listeningUrl(firefox: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const look = () => {
      const match = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(output());
      if (match) { done(); resolve(match[1]!); }
    };
    const exited = (code: number | null) => { done(); reject(new Error(`Firefox exited (${code}) before its BiDi agent listened:\n${output()}`)); };
    const done = () => { firefox.stdout!.off('data', look); firefox.stderr!.off('data', look); firefox.off('exit', exited); };
    firefox.stdout!.on('data', look);
    firefox.stderr!.on('data', look);
    firefox.once('exit', exited);
  });
}

interface BidiMessage {
  id?: number;
  type: 'success' | 'error' | 'event';
  result?: unknown;
  error?: string;
  message?: string;
}

async function openSession(url: string): Promise<Omit<BidiSession, 'output' | 'close'> & { socket: WebSocket }> {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
  let nextId = 0;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as BidiMessage;
    const waiter = message.id === undefined ? undefined : waiting.get(message.id);
    if (waiter === undefined) return;
    waiting.delete(message.id!);
    if (message.type === 'error') waiter.reject(new Error(`${message.error}: ${message.message}`));
    else waiter.resolve(message.result);
  });
  socket.on('close', () => {
    for (const waiter of waiting.values()) waiter.reject(new Error('the BiDi connection closed'));
    waiting.clear();
  });
  const send = <T>(method: string, params: Record<string, unknown> = {}) => new Promise<T>((resolve, reject) => {
    const id = ++nextId;
    waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
    socket.send(JSON.stringify({ id, method, params }));
  });
  await send('session.new', { capabilities: { alwaysMatch: { acceptInsecureCerts: true, unhandledPromptBehavior: { default: 'ignore' } } } });
  return {
    socket,
    send,
    async evaluate<T>(context: string, expression: string): Promise<T> {
      const answer = await send<{ type: string; result?: RemoteValue; exceptionDetails?: { text: string } }>('script.evaluate', {
        expression, target: { context }, awaitPromise: true, resultOwnership: 'none', serializationOptions: { maxObjectDepth: 5 },
      });
      if (answer.type === 'exception') throw new Error(`script threw: ${answer.exceptionDetails?.text ?? 'unknown'}`);
      return plain(answer.result) as T;
    },
  };
}

interface RemoteValue {
  type: string;
  value?: unknown;
}

/** BiDi's serialized value → a plain JS value (strings, numbers, arrays, objects). */
function plain(remote: RemoteValue | undefined): unknown {
  if (remote === undefined) return undefined;
  switch (remote.type) {
    case 'string': case 'number': case 'boolean': return remote.value;
    case 'undefined': return undefined;
    case 'null': return null;
    case 'array': return (remote.value as RemoteValue[] | undefined)?.map(plain) ?? [];
    case 'object': return Object.fromEntries(((remote.value ?? []) as Array<[string | RemoteValue, RemoteValue]>)
      .map(([key, value]) => [typeof key === 'string' ? key : String(plain(key)), plain(value)]));
    default: return remote;
  }
}
