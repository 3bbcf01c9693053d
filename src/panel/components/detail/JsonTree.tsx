import { useState } from 'preact/hooks';
import { formatPath, isPrefix, parseNestedJson, samePath } from './json-path';
import type { PathPart } from './json-path';

/** Strings longer than this are cut until "show all" (keeps a 1 MB line responsive). */
export const STRING_PREVIEW_CHARS = 2000;
/** Children rendered per container until "show more". */
export const CHILD_PAGE = 200;

export interface JsonTreeProps {
  /** Parsed JSON value to show. */
  value: unknown;
  /** Copies text to the clipboard (value or path). */
  onCopy: (text: string) => void;
  /** Path of the current search match: its ancestors open and it is highlighted. */
  activeMatch?: PathPart[];
  /** Depth to which nodes start expanded. */
  initialDepth?: number;
}

interface NodeProps {
  name: PathPart | undefined;
  value: unknown;
  path: PathPart[];
  depth: number;
  ctx: JsonTreeProps;
}

function preview(value: unknown): string {
  if (Array.isArray(value)) return `Array(${value.length})`;
  if (typeof value === 'object' && value !== null) return `{${Object.keys(value).length}}`;
  return '';
}

function LongString({ text }: { text: string }) {
  const [all, setAll] = useState(false);
  if (all || text.length <= STRING_PREVIEW_CHARS) return <span class="json-string">{JSON.stringify(text)}</span>;
  return (
    <span class="json-string">
      {JSON.stringify(text.slice(0, STRING_PREVIEW_CHARS))}…
      <button type="button" class="show-all" onClick={() => setAll(true)}>show all ({text.length} chars)</button>
    </span>
  );
}

function Primitive({ value }: { value: unknown }) {
  if (typeof value === 'string') return <LongString text={value} />;
  return <span class={`json-${value === null ? 'null' : typeof value}`}>{String(value)}</span>;
}

function children(value: object): Array<[PathPart, unknown]> {
  return Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
}

function TreeNode({ name, value, path, depth, ctx }: NodeProps) {
  const nested = typeof value === 'string' ? parseNestedJson(value) : undefined;
  const shown = nested ?? value;
  const isContainer = typeof shown === 'object' && shown !== null;
  const forced = ctx.activeMatch !== undefined && isPrefix(path, ctx.activeMatch) && !samePath(path, ctx.activeMatch);
  const [open, setOpen] = useState(depth < (ctx.initialDepth ?? 1));
  const [limit, setLimit] = useState(CHILD_PAGE);
  const expanded = isContainer && (open || forced);
  const active = ctx.activeMatch !== undefined && samePath(path, ctx.activeMatch);
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowRight' && isContainer) { setOpen(true); e.stopPropagation(); }
    if (e.key === 'ArrowLeft' && isContainer) { setOpen(false); e.stopPropagation(); }
    if (e.key === 'Enter' && isContainer) { setOpen(!open); e.stopPropagation(); }
  };
  const list = expanded ? children(shown) : [];
  return (
    <li role="treeitem" aria-expanded={isContainer ? expanded : undefined} aria-selected={active}
      tabIndex={depth === 0 ? 0 : -1} class={active ? 'json-node active-match' : 'json-node'} onKeyDown={onKey}
      data-path={formatPath(path)}>
      {isContainer && <button type="button" class="toggle" aria-label={expanded ? 'Collapse' : 'Expand'} onClick={() => setOpen(!expanded)}>{expanded ? '▾' : '▸'}</button>}
      {name !== undefined && <span class="json-key">{String(name)}: </span>}
      {isContainer ? <span class="json-preview">{nested !== undefined ? 'JSON string ' : ''}{preview(shown)}</span> : <Primitive value={value} />}
      <button type="button" class="copy-value" onClick={() => ctx.onCopy(typeof value === 'string' ? value : JSON.stringify(value, null, 2))}>copy value</button>
      <button type="button" class="copy-path" onClick={() => ctx.onCopy(formatPath(path))}>copy path</button>
      {expanded && (
        <ul role="group">
          {list.slice(0, limit).map(([k, v]) => <TreeNode key={String(k)} name={k} value={v} path={[...path, k]} depth={depth + 1} ctx={ctx} />)}
          {list.length > limit && <li><button type="button" onClick={() => setLimit(limit + CHILD_PAGE)}>show more ({list.length - limit} left)</button></li>}
        </ul>
      )}
    </li>
  );
}

/** ArrowUp/ArrowDown/Home/End move focus among the visible tree items (roving tabindex). */
function moveFocus(e: KeyboardEvent) {
  const tree = e.currentTarget as HTMLElement;
  const items = Array.from(tree.querySelectorAll<HTMLElement>('[role="treeitem"]'));
  const current = items.indexOf((e.target as HTMLElement).closest('[role="treeitem"]') as HTMLElement);
  const next = { ArrowDown: current + 1, ArrowUp: current - 1, Home: 0, End: items.length - 1 }[e.key];
  const target = next === undefined ? undefined : items[next];
  if (!target) return;
  e.preventDefault();
  items.forEach((item) => { item.tabIndex = item === target ? 0 : -1; });
  target.focus();
}

/** Expandable JSON tree (role=tree); nested JSON strings open as subtrees; all text, never HTML. */
export function JsonTree(props: JsonTreeProps) {
  return (
    <ul role="tree" class="json-tree" onKeyDown={moveFocus}>
      <TreeNode name={undefined} value={props.value} path={[]} depth={0} ctx={props} />
    </ul>
  );
}
