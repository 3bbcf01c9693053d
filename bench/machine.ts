/** The machine and versions a result was measured on. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem, type as osType, release } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_PATH } from '../test/e2e/helpers/browser';
import { ROOT } from './build';

export function describeMachine(): Record<string, string | number> {
  const cpu = cpus();
  return {
    os: `${osType()} ${release()}`,
    cpuModel: cpu[0]?.model ?? 'unknown',
    cpuCount: cpu.length,
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    freeMemoryGiB: Number((freemem() / 2 ** 30).toFixed(1)),
    loadAverage1m: Number((loadavg()[0] ?? 0).toFixed(2)),
  };
}

export function describeVersions(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };
  let chromium = 'unknown';
  try { chromium = execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { /* reported as unknown */ }
  let commit = 'unknown';
  try { commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim(); } catch { /* not a checkout */ }
  const pick = (name: string) => pkg.dependencies[name] ?? pkg.devDependencies[name] ?? 'n/a';
  return {
    extension: pkg.version, commit, node: process.version, chromium,
    'playwright-core': pick('playwright-core'), preact: pick('preact'), '@preact/signals': pick('@preact/signals'), zod: pick('zod'), esbuild: pick('esbuild'),
  };
}
