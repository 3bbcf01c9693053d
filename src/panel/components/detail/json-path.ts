/** Path and value helpers for the JSON tree (pure, no DOM). */
export type PathPart = string | number;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `$.action.command`, `$.content[0].text`, `$["odd key"]`. */
export function formatPath(path: readonly PathPart[]): string {
  return path.reduce<string>((out, part) => {
    if (typeof part === 'number') return `${out}[${part}]`;
    return IDENTIFIER.test(part) ? `${out}.${part}` : `${out}[${JSON.stringify(part)}]`;
  }, '$');
}

/** A string that holds a JSON object or array (tool_call.arguments, log_data). */
export function parseNestedJson(value: string): unknown {
  const trimmed = value.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Paths of every node whose key or primitive value contains `query` (case-insensitive). */
export function findMatches(value: unknown, query: string, path: PathPart[] = [], out: PathPart[][] = [], limit = 1000): PathPart[][] {
  if (!query || out.length >= limit) return out;
  const q = query.toLowerCase();
  const stack: Array<{ value: unknown; path: PathPart[] }> = [{ value, path }];
  while (stack.length > 0 && out.length < limit) {
    const node = stack.pop() as { value: unknown; path: PathPart[] };
    const key = node.path[node.path.length - 1];
    const keyHit = typeof key === 'string' && key.toLowerCase().includes(q);
    // The tree opens JSON-inside-strings as subtrees, so search must descend into them too.
    const container = typeof node.value === 'string' ? parseNestedJson(node.value) : node.value;
    if (typeof container === 'object' && container !== null) {
      if (keyHit) out.push(node.path);
      const entries = Object.entries(container);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i] as [string, unknown];
        stack.push({ value: v, path: [...node.path, Array.isArray(container) ? Number(k) : k] });
      }
    } else if (keyHit || String(node.value).toLowerCase().includes(q)) {
      out.push(node.path);
    }
  }
  return out;
}

export const samePath = (a: readonly PathPart[], b: readonly PathPart[]) =>
  a.length === b.length && a.every((p, i) => p === b[i]);

export const isPrefix = (prefix: readonly PathPart[], path: readonly PathPart[]) =>
  prefix.length <= path.length && prefix.every((p, i) => p === path[i]);
