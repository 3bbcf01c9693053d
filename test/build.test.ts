// The built extension is one manifest both browsers accept, web-ext lint finds no errors,
// `npm run package` makes a zip, and --autoconnect bakes a validated target into the background.
// Everything builds into temp dirs: dist/ belongs to the e2e tests running alongside.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const WEB_EXT = join(ROOT, 'node_modules/.bin/web-ext');
const SLOW = 120_000;

let temp: string;
let dist: string;
let manifest: Record<string, unknown> & {
  background: { service_worker?: string; scripts?: string[]; type?: string };
  host_permissions: string[];
  optional_host_permissions: string[];
  content_security_policy: { extension_pages: string };
  browser_specific_settings: { gecko: { id?: string; strict_min_version?: string; data_collection_permissions?: { required?: string[] } } };
};

function build(outdir: string, ...extra: string[]) {
  return run(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--out', outdir, ...extra], { cwd: ROOT });
}

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'cdt-build-'));
  dist = join(temp, 'dist');
  await build(dist);
  manifest = JSON.parse(await readFile(join(dist, 'manifest.json'), 'utf8'));
}, SLOW);
afterAll(async () => {
  if (temp) await rm(temp, { recursive: true, force: true });
});

describe('built manifest', () => {
  test('has every bundle and page it names', async () => {
    const files = await readdir(dist);
    for (const file of ['background.js', 'devtools.js', 'devtools.html', 'panel.js', 'panel.html', 'manifest.json']) {
      expect(files).toContain(file);
    }
    expect(manifest.devtools_page).toBe('devtools.html');
  });

  test('declares the background both ways: Chrome service worker and Firefox scripts, as an ES module', () => {
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.background.service_worker).toBe('background.js');
    expect(manifest.background.scripts).toEqual(['background.js']);
    expect(manifest.background.type).toBe('module');
    expect(Number(manifest.minimum_chrome_version)).toBeGreaterThanOrEqual(121);
  });

  test('opts into structured-clone messaging (Chrome 148+; Firefox always clones)', () => {
    // JSON messaging re-escaped every raw frame on the port: the dominant SW cost under load.
    expect(manifest.message_serialization).toBe('structured_clone');
  });

  test('carries the gecko id, Firefox ≥ 142 and data_collection_permissions', () => {
    const gecko = manifest.browser_specific_settings.gecko;
    expect(gecko.id).toMatch(/^[^@\s]+@[^@\s]+$/);
    expect(Number.parseFloat(gecko.strict_min_version ?? '0')).toBeGreaterThanOrEqual(142);
    expect(gecko.data_collection_permissions?.required).toEqual(['none']);
  });

  test('has a CSP that lets ws:// and any server through (no upgrade to wss://), and loads no remote image', () => {
    const csp = manifest.content_security_policy.extension_pages;
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(csp).not.toContain('upgrade-insecure-requests');
    // The SW opens sockets to, and the panel fetches from, servers the person names.
    expect(directives.get('connect-src')).toEqual(expect.arrayContaining(['http:', 'https:', 'ws:', 'wss:']));
    // A remote image URL (from a received message, say) must never be fetched by showing it.
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
  });

  test('asks for loopback hosts only up front; every other origin is optional', () => {
    expect([...manifest.host_permissions].sort()).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
    expect(manifest.optional_host_permissions).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*']));
    expect(manifest.permissions).toEqual(expect.arrayContaining(['storage']));
  });

  test('is stamped with the package version', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(manifest.version).toBe(pkg.version);
  });
});

test.concurrent('web-ext lint reports zero errors on the build', async () => {
  // web-ext exits non-zero on errors; --output json gives the counts either way.
  const { stdout } = await run(WEB_EXT, ['lint', '--source-dir', dist, '--output', 'json', '--no-config-discovery'], { cwd: ROOT })
    .catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  const report = JSON.parse(stdout) as { summary: { errors: number }; errors: Array<{ code: string; message: string }> };
  expect(report.errors.map((e) => `${e.code}: ${e.message}`)).toEqual([]);
  expect(report.summary.errors).toBe(0);
}, SLOW);

test.concurrent('npm run package makes a zip with web-ext build', async () => {
  const out = join(temp, 'package-dist');
  const artifacts = join(temp, 'artifacts');
  await run('npm', ['run', '--silent', 'package', '--', '--out', out, '--artifacts-dir', artifacts], { cwd: ROOT });
  const zips = (await readdir(artifacts)).filter((f) => f.endsWith('.zip'));
  expect(zips).toHaveLength(1);
  const zip = await readFile(join(artifacts, zips[0]!));
  expect(zip.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
  // The zip's central directory names the manifest at its root.
  expect(zip.includes('manifest.json')).toBe(true);
  expect(zip.includes('background.js')).toBe(true);
}, SLOW);

describe('--autoconnect', () => {
  test('bakes the target into the background bundle', async () => {
    const out = join(temp, 'autoconnect');
    const target = { serverUrl: 'http://127.0.0.1:8123', conversationId: 'c0ffee-autoconnect', protocol: 'auto' };
    const { stdout } = await build(out, '--autoconnect', JSON.stringify(target));
    expect(stdout).toContain('autoconnect');
    expect(await readFile(join(out, 'background.js'), 'utf8')).toContain('c0ffee-autoconnect');
    expect(await readFile(join(dist, 'background.js'), 'utf8')).not.toContain('c0ffee-autoconnect');
  }, SLOW);

  test('refuses a target that is not JSON or lacks fields, with a clear message', async () => {
    for (const bad of ['not json', '{"serverUrl":"http://127.0.0.1:1"}']) {
      const failure = await build(join(temp, 'bad'), '--autoconnect', bad).then(() => undefined, (error: { code: number; stderr: string }) => error);
      expect(failure?.code).toBe(2);
      expect(failure?.stderr).toMatch(/build: --autoconnect/);
    }
  }, SLOW);
});
