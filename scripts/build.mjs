#!/usr/bin/env node
// Builds the extension into dist/: the service worker (ES module), the devtools page and
// the panel (IIFE), plus public/ and manifest.json (version stamped from package.json).
// Usage: node scripts/build.mjs [--watch] [--dev] [--out DIR] [--autoconnect '<json ConnectionTarget>']
// --autoconnect bakes a connection target into the background, which attaches it at boot
// (Firefox smoke test, `npm start`): no panel or prompt is needed to start capturing.
import * as esbuild from 'esbuild';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const watch = args.includes('--watch');
const dev = watch || args.includes('--dev');
const outdir = resolve(root, optionValue('--out') ?? 'dist');
const autoconnect = parseAutoconnect(optionValue('--autoconnect'));

/** The value after `name`, or undefined when the flag is absent; a flag without a value is an error. */
function optionValue(name) {
  const index = args.indexOf(name);
  if (index < 0) return undefined;
  const value = args[index + 1];
  if (value === undefined || value.startsWith('--')) fail(`${name} needs a value`);
  return value;
}

/** Checks the shape early so a typo fails the build, not the background at boot (it re-validates with zod). */
function parseAutoconnect(text) {
  if (text === undefined) return '';
  let target;
  try {
    target = JSON.parse(text);
  } catch (error) {
    fail(`--autoconnect is not JSON: ${error.message}`);
  }
  const ok = target && typeof target === 'object' && typeof target.serverUrl === 'string'
    && typeof target.conversationId === 'string' && typeof target.protocol === 'string';
  if (!ok) fail('--autoconnect needs {"serverUrl","conversationId","protocol"}');
  return JSON.stringify(target);
}

function fail(message) {
  console.error(`build: ${message}`);
  process.exit(2);
}

const common = {
  bundle: true,
  target: ['chrome121', 'firefox142'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  sourcemap: dev ? 'inline' : false,
  minify: !dev,
  legalComments: 'none',
  define: { __DEV__: JSON.stringify(dev), __AUTOCONNECT__: JSON.stringify(autoconnect) },
  logLevel: 'warning',
};

const builds = [
  { entryPoints: { background: join(root, 'src/background/index.ts') }, format: 'esm' },
  { entryPoints: { devtools: join(root, 'src/devtools/index.ts') }, format: 'iife' },
  { entryPoints: { panel: join(root, 'src/panel/index.tsx') }, format: 'iife' },
];

async function copyStatic() {
  await cp(join(root, 'public'), outdir, { recursive: true });
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  const manifest = JSON.parse(await readFile(join(root, 'manifest.json'), 'utf8'));
  manifest.version = pkg.version;
  await writeFile(join(outdir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
}

const started = performance.now();
await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
await copyStatic();
if (watch) {
  for (const b of builds) {
    const ctx = await esbuild.context({ ...common, ...b, outdir });
    await ctx.watch();
  }
  console.log(`watching src/ → ${outdir} (public/ and manifest.json are copied at start)`);
} else {
  await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b, outdir })));
  const attach = autoconnect ? ` (autoconnect ${autoconnect})` : '';
  console.log(`built ${outdir} in ${Math.round(performance.now() - started)} ms${attach}`);
}
