#!/usr/bin/env node
// Builds the extension and zips it with `web-ext build` (one zip both browsers accept).
// Usage: node scripts/package.mjs [--out DIR] [--artifacts-dir DIR]
// --out and --artifacts-dir let tests package into temp dirs without touching dist/ or artifacts/.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const valueOf = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 && args[index + 1] ? resolve(args[index + 1]) : resolve(root, fallback);
};
const outdir = valueOf('--out', 'dist');
const artifacts = valueOf('--artifacts-dir', 'artifacts');

const run = (command, commandArgs) => {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run(process.execPath, [join(root, 'scripts/build.mjs'), '--out', outdir]);
run(join(root, 'node_modules/.bin/web-ext'), [
  'build', '--source-dir', outdir, '--artifacts-dir', artifacts, '--overwrite-dest', '--no-config-discovery',
]);
