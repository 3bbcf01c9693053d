// The npm scripts that run TypeScript (start, mock-server, replay, bench) own their Ctrl-C: each
// closes a browser or a server before it exits. tsx's CLI runs a script in a child process and, when
// the child does not acknowledge a relayed signal within 30 ms, SIGKILLs it. On a loaded machine
// `npm start` died that way with Chromium and the mock server left running (stop 18's CI). So each
// script must run in the process that receives the signal; this runs a script busy at Ctrl-C with
// each npm script's own runner and checks that its handler ran.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');
const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const FIXTURE = 'test/fixtures/scripts/busy-until-sigint.ts';

/** The command of an npm script with its own .ts file swapped for the fixture. */
function runnerWithFixture(name: string): string {
  const command = scripts[name];
  const script = /\bscripts\/[\w-]+\.ts\b/.exec(command ?? '');
  if (!command || !script) throw new Error(`npm script ${name} does not run a scripts/*.ts file: ${command}`);
  return command.replace(script[0], FIXTURE);
}

describe('npm scripts that run TypeScript', () => {
  for (const name of ['start', 'mock-server', 'replay', 'bench']) {
    it(`${name}: a Ctrl-C while the script is busy reaches its own handler`, async () => {
      // A process group, as a terminal has, so the signal reaches every process the runner made.
      const child = spawn('sh', ['-c', runnerWithFixture(name)], {
        cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, PATH: `${join(ROOT, 'node_modules/.bin')}:${process.env.PATH ?? ''}` },
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
      child.stderr.on('data', (chunk: Buffer) => { out += chunk.toString(); });
      const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? `code ${code}`)));
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`the fixture never said ready:\n${out}`)), 20_000);
          child.stdout.on('data', () => { if (out.includes('ready')) { clearTimeout(timer); resolve(); } });
        });
        process.kill(-child.pid!, 'SIGINT');
        const how = await exited;
        expect(out, `exit: ${how}`).toContain('SIGINT handled');
      } finally {
        if (child.exitCode === null) {
          try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ }
        }
      }
    }, 30_000);
  }
});
