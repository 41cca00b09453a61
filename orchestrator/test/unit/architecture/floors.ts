/**
 * The orchestrator's floors (docs/architecture.md): every module of orchestrator/src sits on one, and may import
 * only from its own floor or a lower one. The longest matching path prefix decides a module's floor.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, normalize, relative } from 'node:path';

export const FLOORS: ReadonlyArray<readonly [floor: string, prefixes: readonly string[]]> = [
  [
    'base',
    [
      'errors.ts',
      'exit-codes.ts',
      'paths.ts',
      'children.ts',
      'temp-files.ts',
      'version.ts',
      'toolchain.ts',
      'shell-quote.ts',
      'is-record.ts',
      'safety/',
      'stats/',
    ],
  ],
  ['model', ['criteria/', 'catalog.ts', 'kinds/', 'scenario-result.ts', 'stage-result.ts', 'record.ts', 'samples/']],
  ['plan', ['config/', 'plan/']],
  ['engines', ['probes/', 'engines/', 'generators/', 'lab/']],
  ['verdict', ['verdict/']],
  ['report', ['report/']],
  ['run', ['run/', 'export/', 'collect/']],
  ['cli', ['cli/']],
];

export function floorOf(file: string, floors: typeof FLOORS = FLOORS): number {
  let best = -1;
  let length = -1;
  floors.forEach(([, prefixes], i) => {
    for (const p of prefixes)
      if ((p.endsWith('/') ? file.startsWith(p) : file === p) && p.length > length) {
        best = i;
        length = p.length;
      }
  });
  return best;
}

const IMPORT = /^\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'|^\s*import\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/gm;

/** Every relative import between .ts files under `root`, as [from, to] paths relative to it. */
export async function importEdges(root: string): Promise<Array<[string, string]>> {
  const edges: Array<[string, string]> = [];
  for (const e of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !e.name.endsWith('.ts')) continue;
    const abs = join(e.parentPath, e.name);
    const from = relative(root, abs);
    for (const m of (await readFile(abs, 'utf8')).matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (spec === undefined) continue;
      const to = relative(root, normalize(join(dirname(abs), spec)));
      if (!to.startsWith('..')) edges.push([from, to]);
    }
  }
  return edges.sort((a, b) => (a[0] + a[1]).localeCompare(b[0] + b[1]));
}

/** Edges from a lower floor to a higher one (or from a module on no floor), one line each. */
export function upwardEdges(edges: ReadonlyArray<[string, string]>): string[] {
  const name = (i: number): string => FLOORS[i]?.[0] ?? 'no floor';
  return edges
    .filter(([from, to]) => floorOf(from) < 0 || floorOf(to) < 0 || floorOf(from) < floorOf(to))
    .map(([from, to]) => `${from} (${name(floorOf(from))}) imports ${to} (${name(floorOf(to))})`);
}

/** The first import cycle found, as the chain of modules; undefined when the graph has none. */
export function findCycle(edges: ReadonlyArray<[string, string]>): string[] | undefined {
  const next = new Map<string, string[]>();
  for (const [from, to] of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'open');
    stack.push(node);
    for (const n of next.get(node) ?? []) {
      const cycle = visit(n);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of next.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}
