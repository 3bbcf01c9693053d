import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/server/index';
import type { LogRecord } from '../../src/shared/record';
import { captureFromMock, headerFor, recordedDurables, saveRecording } from './replay-helpers';

let source: MockServer;
let records: LogRecord[];
beforeAll(async () => {
  source = await createMockServer({ knobs: { agentStepMs: 2, agentDeltaMs: 1 } });
  records = await captureFromMock(source, 'v1-events');
});
afterAll(async () => { await source.close(); });

describe('npm run replay (scripts/replay.ts)', () => {
  it('serves a recording file until SIGINT, then exits cleanly', async () => {
    const file = await saveRecording(headerFor(source, 'v1-events'), records, 'har');
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/replay.ts', file, '--port', '0', '--speed', 'max'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed:\n${out}`)), 30_000);
        child.stdout.on('data', () => {
          const match = /agent server\s+(http:\/\/\S+)/.exec(out);
          if (match?.[1]) { clearTimeout(timer); resolve(match[1]); }
        });
      });
      expect(out).toContain('(har, v1-events,');
      const count = await fetch(`${url}/api/conversations/${source.conversations.demo}/events/count`).then((r) => r.json());
      expect(count).toBe(recordedDurables(records).length);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  }, 60_000);

  it('refuses a file that is not a recording, with the reason and exit code 2', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/replay.ts', 'package.json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(err).toContain('replay: Not a HAR file');
  }, 60_000);
});
