/**
 * Runs the test layers with Node's built-in test runner (through tsx, so tests are TypeScript):
 *   unit         orchestrator/test/unit, lab/test/unit, k6/test, bench/test
 *   integration  orchestrator/test/integration, lab/test/integration (real k6, real Redis, the lab)
 *   cli          orchestrator/test/cli, lab/test/cli
 *   chaos        orchestrator/test/chaos
 *   all          every layer
 * Node 20's runner does not expand globs, so this script finds the files. The runner's own summaries
 * (`ℹ pass N`, `ℹ fail N`) are added up into one plain `tests: N passed, N failed` line at the end.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const layers: Record<string, string[]> = {
  unit: ['orchestrator/test/unit', 'lab/test/unit', 'k6/test', 'bench/test'],
  integration: ['orchestrator/test/integration', 'lab/test/integration'],
  cli: ['orchestrator/test/cli', 'lab/test/cli'],
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
 * after the rest, one file at a time within a group, so two labs never race for the same ports and no test
 * reuses another's. Where the machine allows a private network namespace (`unshare -n`, as the chaos tests use),
 * they run in LAB_GROUPS (default 2) groups side by side, each group in a namespace of its own with only its own
 * loopback — the addresses are then private to the group. Elsewhere: one group, as before.
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

/** True when `unshare -n` works here and can bring the new namespace's loopback up. */
function privateNetworkWorks(): boolean {
  return spawnSync('unshare', ['-n', '--', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
}

/** Splits files into `n` groups of about equal size (bytes stand in for run time), largest first. */
async function groupsOf(batch: readonly string[], n: number): Promise<string[][]> {
  const sized = await Promise.all(batch.map(async (f) => ({ f, size: (await stat(join(root, f))).size })));
  const groups = Array.from({ length: n }, () => ({ files: [] as string[], size: 0 }));
  for (const { f, size } of sized.sort((a, b) => b.size - a.size)) {
    const g = groups.reduce((min, x) => (x.size < min.size ? x : min));
    g.files.push(f);
    g.size += size;
  }
  return groups.map((g) => g.files.sort()).filter((g) => g.length > 0);
}

function runBatch(batch: string[], concurrency: string, privateNet = false): Promise<Counts> {
  const args = ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-concurrency=${concurrency}`, ...batch];
  const [cmd, argv] = privateNet
    ? ['unshare', ['-n', '--', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh', process.execPath, ...args]]
    : [process.execPath, args];
  const child = spawn(cmd, argv, {
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
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    // Whole lines only: groups running side by side must not interleave inside a line.
    if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
    lines.forEach(scan);
  });
  return new Promise((resolve) => {
    child.on('close', (code) => {
      if (partial !== '') process.stdout.write(`${partial}\n`);
      scan(partial);
      resolve({ ...seen, code: code ?? 1 });
    });
  });
}

const total: Counts = { pass: 0, fail: 0, skipped: 0, code: 0 };
const add = (c: Counts): void => {
  total.pass += c.pass;
  total.fail += c.fail;
  total.skipped += c.skipped;
  if (c.code !== 0) total.code = c.code;
};
if (parallel.length > 0) add(await runBatch(parallel, process.env['TEST_CONCURRENCY'] ?? '2'));
if (serial.length > 0) {
  const wanted = Number(process.env['LAB_GROUPS'] ?? '2');
  const n = Number.isInteger(wanted) && wanted > 1 && serial.length > 1 && privateNetworkWorks() ? wanted : 1;
  if (n === 1) add(await runBatch(serial, '1'));
  else (await Promise.all((await groupsOf(serial, n)).map((g) => runBatch(g, '1', true)))).forEach(add);
}
if (skippedTests.length > 0) process.stdout.write(`\nSKIPPED on this machine:\n${skippedTests.map((l) => `  ${l}`).join('\n')}\n`);
process.stdout.write(`\ntests: ${total.pass} passed, ${total.fail} failed, ${total.skipped} skipped\n`);
process.exit(total.code);
