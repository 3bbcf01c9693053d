// `npm run bench -- --md FILE` writes where it is told: an absolute path was joined under the
// repo (/work/main/tmp/x.md) and the run ended in ENOENT after minutes of measuring.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = join(__dirname, '..');

it('--md-from with an absolute --md writes the table there', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cdt-bench-md-'));
  try {
    const out = join(dir, 'table.md');
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/bench.ts', '--md-from', 'docs/benchmarks.json', '--md', out], { cwd: ROOT, stdio: 'pipe' });
    expect(await readFile(out, 'utf8')).toMatch(/^# Benchmarks/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 30_000);
