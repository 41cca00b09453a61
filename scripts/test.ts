/**
 * Runs the test layers with Node's built-in test runner (through tsx, so tests are TypeScript):
 *   unit         orchestrator/test/unit, lab/test/unit, k6/test
 *   integration  orchestrator/test/integration, lab/test/integration (real k6, real Redis, the lab)
 *   cli          orchestrator/test/cli
 *   chaos        orchestrator/test/chaos
 *   all          every layer
 * Node 20's runner does not expand globs, so this script finds the files. The runner's own summary
 * (`ℹ pass N`, `ℹ fail N`) closes the output, and a plain `N passed, N failed` line follows it.
 */
import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const layers: Record<string, string[]> = {
  unit: ['orchestrator/test/unit', 'lab/test/unit', 'k6/test'],
  integration: ['orchestrator/test/integration', 'lab/test/integration'],
  cli: ['orchestrator/test/cli'],
  chaos: ['orchestrator/test/chaos'],
};

async function findTests(dir: string): Promise<string[]> {
  const abs = join(root, dir);
  try {
    if (!(await stat(abs)).isDirectory()) return [];
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const entry of await readdir(abs, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.test.ts')) found.push(relative(root, join(entry.parentPath, entry.name)));
  }
  return found.sort();
}

const wanted = process.argv.slice(2);
const names = wanted.length === 0 || wanted.includes('all') ? Object.keys(layers) : wanted;
const files: string[] = [];
for (const name of names) {
  const dirs = layers[name];
  if (!dirs) {
    process.stderr.write(`scripts/test.ts: unknown layer '${name}' (one of: ${Object.keys(layers).join(', ')}, all)\n`);
    process.exit(2);
  }
  for (const d of dirs) files.push(...(await findTests(d)));
}
const filter = process.env['TEST_FILTER'];
const selected = filter ? files.filter((f) => f.includes(filter)) : files;
if (selected.length === 0) {
  process.stderr.write('scripts/test.ts: no test files found\n');
  process.exit(1);
}

const args = [
  '--import',
  'tsx',
  '--test',
  '--test-reporter=spec',
  `--test-concurrency=${process.env['TEST_CONCURRENCY'] ?? '2'}`,
  ...selected,
];
const child = spawn(process.execPath, args, {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, LOADGATE_LOOPBACK_ONLY: '1' },
});
let tail = '';
child.stdout.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk);
  tail = (tail + chunk.toString('utf8')).slice(-4000);
});
child.on('close', (code) => {
  const pass = /ℹ pass (\d+)/.exec(tail)?.[1];
  const fail = /ℹ fail (\d+)/.exec(tail)?.[1];
  const skipped = /ℹ skipped (\d+)/.exec(tail)?.[1];
  if (pass !== undefined && fail !== undefined)
    process.stdout.write(`\ntests: ${pass} passed, ${fail} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  process.exit(code ?? 1);
});
