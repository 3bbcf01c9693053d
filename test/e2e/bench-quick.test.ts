// `npm run bench -- --quick` runs every measurement briefly in real Chromium and writes a
// complete result file: all six measurements present, each either measured (with target
// checks) or saying why not. Shape only: the figures themselves are not asserted.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { MEASUREMENT_NAMES, type BenchResult } from '../../bench/result';
import { REPO_ROOT } from './helpers/browser';

const run = promisify(execFile);
let dir: string | undefined;
afterAll(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

test('quick bench writes a complete result file', async () => {
  dir = await mkdtemp(join(tmpdir(), 'cdt-bench-quick-'));
  const out = join(dir, 'quick.json');
  await run(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts/bench.ts'), '--quick', '--out', out], { cwd: REPO_ROOT, timeout: 170_000 });
  const result = JSON.parse(await readFile(out, 'utf8')) as BenchResult;

  expect(result.schema).toBe(1);
  expect(result.mode).toBe('quick');
  expect(typeof result.pipelineInto).toBe('string');
  expect(result.versions.chromium).toMatch(/Chromium/);
  expect(Object.keys(result.measurements).sort()).toEqual([...MEASUREMENT_NAMES].sort());
  for (const name of MEASUREMENT_NAMES) {
    const m = result.measurements[name];
    expect(['measured', 'not-measured', 'failed'], name).toContain(m.status);
    if (m.status === 'measured') {
      expect(m.targets.length, name).toBeGreaterThan(0);
      for (const t of m.targets) expect(t.value === null || Number.isFinite(t.value), `${name}: ${t.name}`).toBe(true);
    } else {
      expect(m.why.length, name).toBeGreaterThan(0);
    }
  }
  // The harness itself must work: the side-by-side stream figures are real numbers.
  expect(result.measurements.throughput.status).toBe('measured');
  expect(result.measurements.latency.status).toBe('measured');
}, 180_000);
