/**
 * The import rules of architecture.md §4 as data, and a checker over source text.
 * Pure (no fs) so the test can prove it flags violating fixtures; `readSources` feeds it the tree.
 */
import { builtinModules } from 'node:module';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, posix, relative, sep } from 'node:path';

export type Layer = 'shared' | 'background' | 'panel' | 'devtools' | 'server' | 'scripts';

interface LayerRule {
  /** Layers this one may import from (itself included). */
  readonly layers: readonly Layer[];
  /** npm packages it may import ('node:' = Node built-ins; '*' = anything). */
  readonly packages: readonly string[];
}

export const RULES: Readonly<Record<Layer, LayerRule>> = {
  shared: { layers: ['shared'], packages: ['zod'] },
  background: { layers: ['background', 'shared'], packages: ['zod', 'webextension-polyfill', 'socket.io-client'] },
  panel: { layers: ['panel', 'shared'], packages: ['zod', 'preact', '@preact/signals', 'webextension-polyfill'] },
  devtools: { layers: ['devtools', 'shared'], packages: ['webextension-polyfill'] },
  server: { layers: ['server', 'shared'], packages: ['zod', 'ws', 'socket.io', 'node:'] },
  // Thin CLIs: they may use src/server and src/shared (and any tool), never the extension's code.
  scripts: { layers: ['scripts', 'server', 'shared'], packages: ['*'] },
};

/** The only files that may touch the extension API (`webextension-polyfill`, `chrome.*`, `browser.*`). */
export const EXTENSION_API_FILES: ReadonlySet<string> = new Set([
  'src/background/index.ts',
  'src/devtools/index.ts',
  'src/panel/index.tsx',
  'src/panel/background-link.ts',
]);

export interface SourceFile {
  /** Repository-relative, forward slashes (e.g. `src/panel/store/panel-store.ts`). */
  readonly path: string;
  readonly text: string;
}

export interface Violation {
  readonly file: string;
  readonly rule: 'layer' | 'package' | 'extension-api';
  readonly detail: string;
}

export interface ImportRef {
  readonly specifier: string;
  readonly typeOnly: boolean;
}

export function layerOf(path: string): Layer | 'test' | undefined {
  if (path.startsWith('scripts/')) return 'scripts';
  if (path.startsWith('test/')) return 'test';
  const match = /^src\/(shared|background|panel|devtools|server)\//.exec(path);
  return match?.[1] as Layer | undefined;
}

export function checkSources(files: readonly SourceFile[]): Violation[] {
  return files.flatMap(checkFile);
}

function checkFile(file: SourceFile): Violation[] {
  const layer = layerOf(file.path);
  if (layer === undefined || layer === 'test') return [];
  const rule = RULES[layer];
  const code = stripComments(file.text);
  const violations: Violation[] = [];
  const flag = (kind: Violation['rule'], detail: string) => violations.push({ file: file.path, rule: kind, detail });
  const mayTouchApi = EXTENSION_API_FILES.has(file.path);

  for (const ref of importsOf(code.withStrings)) {
    if (ref.specifier.startsWith('.')) {
      const target = posix.normalize(posix.join(posix.dirname(file.path), ref.specifier));
      const targetLayer = layerOf(target);
      // Scripts may also use tool code kept beside them outside src/ (e.g. bench/).
      const toolCode = layer === 'scripts' && targetLayer === undefined && !target.startsWith('src/');
      if (!toolCode && (targetLayer === undefined || targetLayer === 'test' || !rule.layers.includes(targetLayer))) {
        flag('layer', `${layer} imports ${target} (${targetLayer ?? 'outside src layers'})`);
      }
      continue;
    }
    const name = packageName(ref.specifier);
    if (!rule.packages.includes('*') && !rule.packages.includes(name)) {
      flag('package', `${layer} imports package ${ref.specifier}`);
    }
    if (name === 'webextension-polyfill' && !ref.typeOnly && !mayTouchApi && layer !== 'scripts') {
      flag('extension-api', `imports webextension-polyfill outside the entry files`);
    }
  }
  if (!mayTouchApi) {
    for (const global of extensionGlobalsUsed(code.withoutStrings)) flag('extension-api', `uses ${global}.* outside the entry files`);
  }
  return violations;
}

/** `node:fs` and bare `fs` → 'node:'; `@scope/pkg/sub` → '@scope/pkg'; `preact/hooks` → 'preact'. */
export function packageName(specifier: string): string {
  if (specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!)) return 'node:';
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const IMPORT_PATTERNS: readonly RegExp[] = [
  /\b(import|export)\s+(type\s+)?([\w*${}\s,]*?)\s*from\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

export function importsOf(code: string): ImportRef[] {
  const refs: ImportRef[] = [];
  for (const match of code.matchAll(IMPORT_PATTERNS[0]!)) {
    const clause = match[3] ?? '';
    // `import { type A, type B }` erases as fully as `import type { A, B }`.
    const inlineTypeOnly = /^\{[^}]*\}$/.test(clause.trim())
      && clause.replace(/[{}]/g, '').split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '));
    refs.push({ specifier: match[4]!, typeOnly: match[2] !== undefined || inlineTypeOnly });
  }
  for (const pattern of IMPORT_PATTERNS.slice(1)) {
    for (const match of code.matchAll(pattern)) refs.push({ specifier: match[1]!, typeOnly: false });
  }
  return refs;
}

/** `chrome`/`browser` used as the global extension API (a local of that name, e.g. a parameter, is not). */
export function extensionGlobalsUsed(code: string): string[] {
  const used: string[] = [];
  for (const name of ['chrome', 'browser']) {
    const declared = new RegExp(`\\b(?:const|let|var|function|class|import|as)\\s+${name}\\b|[({,]\\s*${name}\\s*[:,)=?]`).test(code);
    const member = new RegExp(`(?<![\\w$.])${name}\\s*\\??\\.\\s*[A-Za-z_$]`).test(code);
    const viaGlobal = new RegExp(`\\b(?:globalThis|self|window)\\s*\\.\\s*${name}\\b`).test(code);
    if (viaGlobal || (member && !declared)) used.push(name);
  }
  return used;
}

/** Blanks comments; `withoutStrings` also blanks string and template contents (keeps line structure). */
export function stripComments(text: string): { withStrings: string; withoutStrings: string } {
  let withStrings = '';
  let withoutStrings = '';
  let i = 0;
  const keep = (s: string, inString: boolean) => {
    withStrings += s;
    withoutStrings += inString ? s.replace(/[^\n]/g, ' ') : s;
  };
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      keep(' '.repeat(stop - i), false);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      keep(text.slice(i, stop).replace(/[^\n]/g, ' '), false);
      i = stop;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c && !(c !== '`' && text[j] === '\n')) j += text[j] === '\\' ? 2 : 1;
      keep(c, false);
      keep(text.slice(i + 1, j), true);
      keep(j < text.length ? c : '', false);
      i = j + 1;
    } else {
      keep(c, false);
      i++;
    }
  }
  return { withStrings, withoutStrings };
}

/** Every .ts/.tsx file under src/ and scripts/ (plus .mjs scripts), repository-relative. */
export async function readSources(root: string): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (/\.(ts|tsx|mjs)$/.test(entry.name)) {
        files.push({ path: relative(root, full).split(sep).join('/'), text: await readFile(full, 'utf8') });
      }
    }
  };
  for (const top of ['src', 'scripts']) {
    await walk(join(root, top)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
  return files;
}

export const repoRoot = (): string => join(dirname(new URL(import.meta.url).pathname), '..');
