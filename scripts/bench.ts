/**
 * `npm run bench [-- --quick] [--out FILE.json] [--md FILE.md] [--only a,b] [--md-from FILE.json]`: builds a
 * bench-only copy of the extension, drives real Chromium against the mock server and writes
 * machine-readable results plus the markdown table. Full mode writes docs/benchmarks.{json,md};
 * quick mode (every measurement, briefly) writes bench-results/quick.json.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { launchBenchBrowser, type BenchBrowser } from '../bench/browser';
import { buildBenchDist, ROOT } from '../bench/build';
import { measureHistoryAndMemory } from '../bench/history';
import { describeMachine, describeVersions } from '../bench/machine';
import { renderMarkdown } from '../bench/markdown';
import { measureReconnect } from '../bench/reconnect';
import { measureRendering } from '../bench/rendering';
import { MEASUREMENT_NAMES, type BenchResult, type Measurement, type MeasurementName } from '../bench/result';
import { measureLatency, measureThroughput } from '../bench/stream';
import { benchSizes } from '../bench/sizes';

const args = process.argv.slice(2);
const option = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const quick = args.includes('--quick');
const only = option('--only')?.split(',');
const outJson = resolve(ROOT, option('--out') ?? (quick ? 'bench-results/quick.json' : 'docs/benchmarks.json'));
const outMd = option('--md') ?? (quick ? undefined : 'docs/benchmarks.md');
const sizes = benchSizes(quick);

async function attempt(name: MeasurementName, run: () => Promise<Measurement>): Promise<Measurement> {
  if (only && !only.includes(name)) return { status: 'not-measured', why: `skipped by --only ${only.join(',')}` };
  const started = Date.now();
  console.log(`▶ ${name}`);
  try {
    const m = await run();
    console.log(`  ${m.status === 'measured' ? m.summary : `${m.status}: ${m.why}`} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return m;
  } catch (error) {
    console.log(`  failed: ${(error as Error).message}`);
    return { status: 'failed', why: (error as Error).message.split('\n')[0] ?? 'unknown error' };
  }
}

async function main(): Promise<void> {
  const mdFrom = option('--md-from');
  if (mdFrom) {
    // Re-renders the markdown from an existing result file (no measuring).
    const result = JSON.parse(await readFile(resolve(ROOT, mdFrom), 'utf8')) as BenchResult;
    await writeFile(resolve(ROOT, outMd ?? 'docs/benchmarks.md'), renderMarkdown(result) + '\n');
    return;
  }
  const startedAt = new Date().toISOString();
  const dist = await buildBenchDist();
  const pipelineInto = dist.sink.kind === 'panel-store' ? 'panel store (src/panel/store) in an extension page' : `a port client in an extension page (${dist.sink.why})`;
  let browser: BenchBrowser | undefined;
  const measurements = {} as Record<MeasurementName, Measurement>;
  try {
    browser = await launchBenchBrowser(dist.dir);
    const b = browser;
    measurements.throughput = await attempt('throughput', () => measureThroughput(b, sizes.floodEvents));
    measurements.latency = await attempt('latency', () => measureLatency(b, sizes.latencySeconds, sizes.afterFloodPauseMs));
    const history = await attempt('historyLoad', () => measureHistoryAndMemory(b, sizes.historyEvents));
    measurements.historyLoad = history.status === 'measured' ? { ...history, data: { ...history.data, memory: undefined } } : history;
    measurements.memory = history.status === 'measured' ? history.data.memory as Measurement : history;
    if (only && !only.includes('memory')) measurements.memory = { status: 'not-measured', why: `skipped by --only ${only.join(',')}` };
    measurements.rendering = await attempt('rendering', () => measureRendering(b, sizes));
    measurements.reconnect = await attempt('reconnect', () => measureReconnect(b, sizes));
  } finally {
    await browser?.close();
    await rm(dist.dir, { recursive: true, force: true });
  }
  for (const name of MEASUREMENT_NAMES) measurements[name] ??= { status: 'not-measured', why: 'not run' };
  const result: BenchResult = {
    schema: 1, mode: quick ? 'quick' : 'full', startedAt, finishedAt: new Date().toISOString(),
    machine: describeMachine(), versions: describeVersions(), pipelineInto,
    measurements: Object.fromEntries(MEASUREMENT_NAMES.map((n) => [n, measurements[n]])) as BenchResult['measurements'],
  };
  await mkdir(dirname(outJson), { recursive: true });
  await writeFile(outJson, JSON.stringify(result, null, 2) + '\n');
  console.log(`wrote ${outJson}`);
  if (outMd) {
    await writeFile(resolve(ROOT, outMd), renderMarkdown(result) + '\n');
    console.log(`wrote ${outMd}`);
  }
}

main().then(() => process.exit(0), (error: unknown) => { console.error(error); process.exit(1); });
