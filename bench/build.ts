/**
 * A bench-only copy of the extension: the normal build into a temporary directory plus the
 * bench pages (bare.html, pipeline.html). The shipped dist/ never contains bench code.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';

const run = promisify(execFile);
export const ROOT = resolve(import.meta.dirname, '..');
const PAGES = join(ROOT, 'bench/pages');

export interface BenchDist {
  dir: string;
  /** Which sink the pipeline page feeds: the panel store, or the port-only fallback and why. */
  sink: { kind: 'panel-store' } | { kind: 'port-client'; why: string };
}

const bundle = (entry: string, outfile: string) => esbuild.build({
  entryPoints: [join(PAGES, entry)], outfile, bundle: true, format: 'iife', target: 'chrome121',
  minify: true, logLevel: 'silent', define: { __DEV__: 'false' },
});

export async function buildBenchDist(): Promise<BenchDist> {
  const dir = await mkdtemp(join(tmpdir(), 'cdt-bench-dist-'));
  await run(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--out', dir], { cwd: ROOT });
  await bundle('bare.ts', join(dir, 'bare.js'));
  let sink: BenchDist['sink'] = { kind: 'panel-store' };
  try {
    if (process.env.BENCH_SINK === 'port') throw new Error('BENCH_SINK=port');
    await bundle('pipeline-store.ts', join(dir, 'pipeline.js'));
  } catch (error) {
    sink = { kind: 'port-client', why: `panel store not used: ${(error as Error).message.split('\n')[0]}` };
    await bundle('pipeline-port.ts', join(dir, 'pipeline.js'));
  }
  for (const html of ['bare.html', 'pipeline.html']) await copyFile(join(PAGES, html), join(dir, html));
  return { dir, sink };
}
