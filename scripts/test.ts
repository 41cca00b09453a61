/**
 * Runs the test layers with Node's built-in test runner (through tsx, so tests are TypeScript):
 *   unit         orchestrator/test/unit, lab/test/unit, k6/test, bench/test
 *   integration  orchestrator/test/integration, lab/test/integration (real k6, real Redis, the lab)
 *   cli          orchestrator/test/cli
 *   chaos        orchestrator/test/chaos
 *   all          every layer
 * Node 20's runner does not expand globs, so this script finds the files. The runner's own summaries
 * (`ℹ pass N`, `ℹ fail N`) are added up into one plain `tests: N passed, N failed` line at the end.
 */
import { spawn } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const layers: Record<string, string[]> = {
  unit: ['orchestrator/test/unit', 'lab/test/unit', 'k6/test', 'bench/test'],
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

/**
 * Files that bind the lab's fixed addresses (127.0.0.20–25) say so with a `// test-needs: lab` line; they run
 * after the rest, one file at a time, so two labs never race for the same ports and no test reuses another's.
 */
const LAB_MARKER = /^\/\/ test-needs: lab\b/m;
const serial: string[] = [];
const parallel: string[] = [];
for (const f of selected) ((await readFile(join(root, f), 'utf8')).match(LAB_MARKER) ? serial : parallel).push(f);

interface Counts {
  pass: number;
  fail: number;
  skipped: number;
  code: number;
}

/** One line of the runner's final summary, e.g. `ℹ pass 12`. */
const SUMMARY_LINE = /^ℹ (pass|fail|skipped) (\d+)\s*$/;

/** A skipped test in the spec reporter's output: `﹣ name (0.1ms) # reason`. */
const SKIPPED_LINE = /^\s*﹣ .* # /;
/** Every skipped test, repeated after the counts so a skip that depends on the machine cannot go unseen. */
const skippedTests: string[] = [];

function runBatch(batch: string[], concurrency: string): Promise<Counts> {
  const args = ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-concurrency=${concurrency}`, ...batch];
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, LOADGATE_LOOPBACK_ONLY: '1' },
  });
  // The runner's summary (`ℹ pass N` at the start of a line) can be followed by pages of failure details, so
  // every whole line is scanned as it arrives and the last summary seen wins — a tail of the output is not enough.
  const seen: Record<'pass' | 'fail' | 'skipped', number> = { pass: 0, fail: 0, skipped: 0 };
  let partial = '';
  const scan = (line: string): void => {
    if (SKIPPED_LINE.test(line)) skippedTests.push(line.trim());
    const m = SUMMARY_LINE.exec(line);
    if (m?.[1] === 'pass' || m?.[1] === 'fail' || m?.[1] === 'skipped') seen[m[1]] = Number(m[2]);
  };
  child.stdout.setEncoding('utf8'); // a chunk may end inside a multi-byte character such as ℹ
  child.stdout.on('data', (chunk: string) => {
    process.stdout.write(chunk);
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    lines.forEach(scan);
  });
  return new Promise((resolve) => {
    child.on('close', (code) => {
      scan(partial);
      resolve({ ...seen, code: code ?? 1 });
    });
  });
}

const total: Counts = { pass: 0, fail: 0, skipped: 0, code: 0 };
for (const [batch, concurrency] of [
  [parallel, process.env['TEST_CONCURRENCY'] ?? '2'],
  [serial, '1'],
] as const) {
  if (batch.length === 0) continue;
  const c = await runBatch(batch, concurrency);
  total.pass += c.pass;
  total.fail += c.fail;
  total.skipped += c.skipped;
  if (c.code !== 0) total.code = c.code;
}
if (skippedTests.length > 0) process.stdout.write(`\nSKIPPED on this machine:\n${skippedTests.map((l) => `  ${l}`).join('\n')}\n`);
process.stdout.write(`\ntests: ${total.pass} passed, ${total.fail} failed, ${total.skipped} skipped\n`);
process.exit(total.code);
