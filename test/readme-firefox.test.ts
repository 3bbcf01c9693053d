// The README's way to run the extension in Firefox from a shell failed on a machine without a
// display: Firefox could not start, and web-ext said only "connect ECONNREFUSED". The README
// now gives the headless form too, the one the Firefox smoke test (firefox-smoke.test.ts) runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const smoke = readFileSync(join(ROOT, 'test/e2e/firefox-smoke.test.ts'), 'utf8');

describe('README: Firefox from a shell', () => {
  it('gives the headless command for machines without a display, as the smoke test runs it', () => {
    expect(smoke).toContain("MOZ_HEADLESS: '1'");
    const commands = [...readme.matchAll(/`([^`]*web-ext run[^`]*)`/g)].map((m) => m[1]);
    expect(commands).toContain('npx web-ext run --source-dir dist --firefox=/usr/bin/firefox-esr');
    expect(commands).toContain('MOZ_HEADLESS=1 npx web-ext run --source-dir dist --firefox=/usr/bin/firefox-esr');
    expect(readme).toMatch(/without a\s+display/);
  });
});
