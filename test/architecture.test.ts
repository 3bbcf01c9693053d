// Enforces the import rules of architecture.md §4 on the real tree, and proves the checker
// flags each kind of forbidden import (so a green run means something).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkSources, importsOf, readSources, repoRoot, stripComments, type SourceFile } from './architecture-check';

const file = (path: string, text: string): SourceFile => ({ path, text });
const rulesBroken = (files: SourceFile[]) => checkSources(files).map((v) => `${v.file} ${v.rule}`);

describe('the source tree', () => {
  test('follows the import rules', async () => {
    const sources = await readSources(repoRoot());
    // Guard against a vacuous pass: the walker sees the tree and the parser sees its imports.
    expect(sources.length).toBeGreaterThan(50);
    const entry = sources.find((s) => s.path === 'src/background/index.ts');
    expect(importsOf(stripComments(entry!.text).withStrings).map((r) => r.specifier)).toContain('webextension-polyfill');
    expect(checkSources(sources).map((v) => `${v.file}: [${v.rule}] ${v.detail}`)).toEqual([]);
  });
});

describe('the checker flags', () => {
  test('shared importing anything but zod and shared', () => {
    expect(rulesBroken([
      file('src/shared/a.ts', "import { h } from 'preact';"),
      file('src/shared/b.ts', "import { x } from '../background/event-log';"),
      file('src/shared/c.ts', "import { readFile } from 'node:fs/promises';"),
      file('src/shared/ok.ts', "import { z } from 'zod';\nimport { y } from './protocol/schemas';"),
    ])).toEqual(['src/shared/a.ts package', 'src/shared/b.ts layer', 'src/shared/c.ts package']);
  });

  test('background, panel, devtools and server importing each other', () => {
    expect(rulesBroken([
      file('src/background/a.ts', "import { store } from '../panel/store/panel-store';"),
      file('src/panel/a.ts', "export { hub } from '../background/port-hub';"),
      file('src/devtools/a.ts', "import '../panel/index';"),
      file('src/server/a.ts', "const m = await import('../background/rest');"),
      file('src/panel/ok.ts', "import type { LogRecord } from '../shared/record';\nimport { signal } from '@preact/signals';\nimport { useState } from 'preact/hooks';"),
    ])).toEqual(['src/background/a.ts layer', 'src/panel/a.ts layer', 'src/devtools/a.ts layer', 'src/server/a.ts layer']);
  });

  test('src importing scripts/ or test/, and scripts importing the extension', () => {
    expect(rulesBroken([
      file('src/server/a.ts', "import { main } from '../../scripts/start';"),
      file('src/panel/a.ts', "import { fake } from '../../test/fakes/fake-port';"),
      file('scripts/a.ts', "import { hub } from '../src/background/port-hub';"),
      file('scripts/ok.ts', "import { createMockServer } from '../src/server/index';\nimport { chromium } from 'playwright-core';\nimport { measure } from '../bench/stream';"),
    ])).toEqual(['src/server/a.ts layer', 'src/panel/a.ts layer', 'scripts/a.ts layer']);
  });

  test('packages outside a layer\'s list (a devDependency in shipped code, Node in the panel)', () => {
    expect(rulesBroken([
      file('src/background/a.ts', "import type { Event } from '@openhands/typescript-client';"),
      file('src/panel/a.ts', "const { readFileSync } = require('fs');"),
      file('src/server/ok.ts', "import { createServer } from 'node:http';\nimport { WebSocketServer } from 'ws';"),
    ])).toEqual(['src/background/a.ts package', 'src/panel/a.ts package']);
  });

  test('the extension API touched outside the entry files and background-link', () => {
    expect(rulesBroken([
      file('src/background/a.ts', "import browser from 'webextension-polyfill';"),
      file('src/panel/store/a.ts', 'export const id = () => chrome.runtime.id;'),
      file('src/panel/b.ts', 'export function save() { return browser.storage.local.set({}); }'),
      file('src/background/c.ts', 'const api = (globalThis as any).chrome;\nexport const x = globalThis.browser;'),
      file('src/panel/background-link.ts', "import browser from 'webextension-polyfill';\nbrowser.runtime.connect();"),
      file('src/devtools/index.ts', "import browser from 'webextension-polyfill';\nchrome.devtools.panels.create('a', '', 'b');"),
    ])).toEqual(['src/background/a.ts extension-api', 'src/panel/store/a.ts extension-api', 'src/panel/b.ts extension-api', 'src/background/c.ts extension-api']);
  });

  test('but not comments, strings, type-only imports or a local named browser', () => {
    expect(rulesBroken([
      file('src/panel/a.ts', "// the entry passes browser.storage.local\n/* chrome.permissions.request */\nexport const hint = 'call chrome.runtime.id';"),
      file('src/background/b.ts', "import type { Runtime } from 'webextension-polyfill';\nimport { type Tabs } from 'webextension-polyfill';"),
      file('src/panel/c.ts', 'export function run(browser: { storage: object }) { return browser.storage; }'),
      file('src/background/d.ts', 'const url = `http://x/${1}`; // chrome.x\nexport { url };'),
    ])).toEqual([]);
  });

  test('a forbidden import in a file on disk', async () => {
    const root = await mkdtemp(join(tmpdir(), 'cdt-arch-'));
    try {
      const bad = join(root, 'src/shared/port/bad.ts');
      await mkdir(dirname(bad), { recursive: true });
      await writeFile(bad, "import { PortHub } from '../../background/port-hub';\n");
      const violations = checkSources(await readSources(root));
      expect(violations).toEqual([{ file: 'src/shared/port/bad.ts', rule: 'layer', detail: 'shared imports src/background/port-hub (background)' }]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
