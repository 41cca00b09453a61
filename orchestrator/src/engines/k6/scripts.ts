/**
 * Where a k6 kind's script is: a built-in kind's entry is k6/scenarios/<name>.ts, bundled to k6/dist/<name>.js,
 * with the exec function k6/lib/env-names.ts names; a kind registered with a `script` (catalog.ts) is bundled
 * from its own entry to k6/dist/kinds/<name>.js. The runner, the bundler and the k8s export all ask here.
 */
import { join } from 'node:path';
import { EXEC_FUNCTIONS } from '../../../../k6/lib/env-names.ts';
import { CATALOG } from '../../catalog.ts';
import { K6RunError } from '../../errors.ts';
import { K6_DIST_DIR, projectPath } from '../../paths.ts';

export interface ScriptOf {
  /** The TypeScript entry, absolute. */
  entry: string;
  /** The bundle k6 runs, absolute. */
  bundle: string;
  /** options.json's `exec`. */
  exec: string;
}

/** Where the bundles of the kinds that are not built in go (one per kind, each with its own sources' hash). */
export const KINDS_DIST_DIR = join(K6_DIST_DIR, 'kinds');

/** The registered k6 kinds that bring their own script, by name. */
export function registeredScripts(): Array<[string, ScriptOf]> {
  return Object.entries(CATALOG).flatMap(([name, spec]) =>
    spec.engine === 'k6' && spec.script
      ? [[name, { entry: projectPath(spec.script.entry), bundle: join(KINDS_DIST_DIR, `${name}.js`), exec: spec.script.exec }]]
      : [],
  );
}

export function scriptOf(kind: string): ScriptOf {
  const own = CATALOG[kind]?.script;
  if (own) return { entry: projectPath(own.entry), bundle: join(KINDS_DIST_DIR, `${kind}.js`), exec: own.exec };
  const exec = EXEC_FUNCTIONS[kind];
  if (!exec) {
    const known = [...Object.keys(EXEC_FUNCTIONS), ...registeredScripts().map(([n]) => n)];
    throw new K6RunError(`no k6 script for scenario '${kind}' (known: ${known.join(', ')})`);
  }
  return { entry: projectPath('k6', 'scenarios', `${kind}.ts`), bundle: join(K6_DIST_DIR, `${kind}.js`), exec };
}
