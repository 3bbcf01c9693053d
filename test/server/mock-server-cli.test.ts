// `npm run mock-server` on a port that is taken printed Node's raw EADDRINUSE stack trace
// (npm start moves to the next free port; this script serves the port it was given). It now
// says in one line that the port is busy and how to choose another, and exits non-zero.
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let taken: Server;
beforeAll(async () => {
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => { await new Promise((resolve) => taken.close(resolve)); });

describe('npm run mock-server (scripts/mock-server.ts)', () => {
  it('on a busy port: one line saying so and naming --port, exit code 1', async () => {
    const port = (taken.address() as AddressInfo).port;
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/mock-server.ts', '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toEqual([
      `mock-server: port ${port} is busy (something else listens there); choose another with --port N, or --port 0 for any free one`,
    ]);
  }, 60_000);
});
