import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildVerdict } from '../../../src/verdict/build.ts';
import { setBetweenReports, writeReports } from '../../../src/report/write.ts';
import { consoleSummary } from '../../../src/report/console.ts';
import { markdownSummary } from '../../../src/report/markdown.ts';
import { validateVerdict } from '../../../src/verdict/schema.ts';
import { compareVerdicts } from '../../../src/verdict/compare.ts';
import { ResultsError } from '../../../src/errors.ts';
import { METRIC_SOURCES } from '../../../src/catalog.ts';
import { projectPath } from '../../../src/paths.ts';
import { chatPoints, criterion, k6Scenario, plan, record, tempRunDir, TOOLS, writeSamples } from '../../fixtures/runs/make-run.ts';

async function run(dir: string, latency: (i: number) => number, n = 100) {
  const rel = await writeSamples(dir, 'k6/chat/samples.json.gz', [
    ...chatPoints(n, latency),
    { metric: 'fir_step_duration', value: 12, tags: { step: 'summary' } },
  ]);
  return buildVerdict({
    plan: plan([
      k6Scenario('chat', 'chat', [criterion('chat_turn_duration', 'p(95)<2000'), criterion('http_req_failed', 'rate<0.01', false)]),
    ]),
    runId: 'r-test',
    runDir: dir,
    startedAt: '2026-11-23T10:00:00.000Z',
    finishedAt: '2026-11-23T10:00:10.000Z',
    records: [record('chat', 'chat', [rel])],
    tools: TOOLS,
  });
}

test('a failing run: verdict.json matches the schema; the failing criterion is named in md, html, junit and the console', async () => {
  const dir = await tempRunDir();
  try {
    const v = await run(dir, (i) => 3000 + i);
    const summaryFile = join(dir, 'step-summary.md');
    await writeReports(v, dir, { GITHUB_STEP_SUMMARY: summaryFile });
    const json: unknown = JSON.parse(await readFile(join(dir, 'verdict.json'), 'utf8'));
    const checked = validateVerdict(json);
    assert.ok(checked.ok, checked.ok ? '' : checked.error);
    assert.equal(checked.value.status, 'FAIL');
    const md = await readFile(join(dir, 'report.md'), 'utf8');
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    const junit = await readFile(join(dir, 'junit.xml'), 'utf8');
    // Markdown renders inline HTML, so `<` is an entity there (GitHub shows it as `<`).
    assert.match(md, /chat_turn_duration p\(95\)&lt;2000 observed 3094\.\d+ ms/);
    assert.match(md, /\| scenario \| requests \| success % \| P95 \| P99 \| event loop \| verdict \|/);
    assert.match(md, /FIR step breakdown/);
    assert.match(html, /chat_turn_duration p\(95\)&lt;2000 observed 3094/);
    // One offline file: its only scripts are inline (uPlot, the chart script, the charts' JSON), nothing linked.
    assert.equal((html.match(/<script/g) ?? []).length, 2);
    assert.doesNotMatch(html, /<script[^>]* src=|<link|href=|@import|url\(/);
    assert.match(junit, /<failure type="threshold" message="chat_turn_duration p\(95\)&lt;2000 observed 3094\.\d+ ms"/);
    assert.match(await readFile(summaryFile, 'utf8'), /verdict: FAIL \(exit 1\)/);
    const lines = consoleSummary(v);
    assert.match(lines[lines.length - 1] ?? '', /^verdict: FAIL \(exit 1\) — chat: chat_turn_duration p\(95\)<2000 observed 3094\.\d+ ms$/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a passing run has no failure in junit, and the schema rejects a broken verdict', async () => {
  const dir = await tempRunDir();
  try {
    const v = await run(dir, (i) => 100 + i);
    await writeReports(v, dir);
    assert.doesNotMatch(await readFile(join(dir, 'junit.xml'), 'utf8'), /<failure/);
    const json = JSON.parse(await readFile(join(dir, 'verdict.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(validateVerdict({ ...json, status: 'MAYBE' }).ok, false);
    assert.equal(validateVerdict({ ...json, exitCode: undefined }).ok, false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("the between-reports seam (the chaos tests' pause) runs after verdict.json, before the other reports, with the run's signal", async () => {
  const dir = await tempRunDir();
  try {
    const v = await run(dir, (i) => 100 + i);
    const seen: { files: string[]; signal: AbortSignal | undefined }[] = [];
    setBetweenReports(async (signal) => {
      seen.push({ files: (await readdir(dir)).filter((f) => /\.(json|md|html|xml)$/.test(f)).sort(), signal });
    });
    const controller = new AbortController();
    await writeReports(v, dir, {}, controller.signal);
    setBetweenReports(undefined);
    await writeReports(v, dir);
    assert.equal(seen.length, 1, 'called once, and not once unset');
    assert.deepEqual(seen[0]?.files, ['verdict.json']);
    assert.equal(seen[0]?.signal, controller.signal);
  } finally {
    setBetweenReports(undefined);
    await rm(dir, { recursive: true, force: true });
  }
});

test('writing where no directory can be made is a ResultsError and leaves no file (as root too)', async () => {
  const dir = await tempRunDir();
  try {
    const v = await run(dir, (i) => 100 + i);
    // A path under a regular file: no user, root included, can create a directory there (ENOTDIR).
    const file = join(dir, 'plain-file');
    await writeFile(file, 'x');
    const before = (await readdir(dir, { recursive: true })).sort();
    await assert.rejects(writeReports(v, join(file, 'reports')), ResultsError);
    assert.deepEqual((await readdir(dir, { recursive: true })).sort(), before);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('baseline: a large significant p95 increase is a regression (FAIL); small or few-sample changes are not', async () => {
  const a = await tempRunDir();
  const b = await tempRunDir();
  try {
    const base = await run(a, (i) => 100 + (i % 50));
    const slow = await run(b, (i) => 150 + (i % 50));
    const c = await compareVerdicts(base, slow, { baseDir: a, currentDir: b });
    const d = c.deltas.find((x) => x.selector === 'chat_turn_duration');
    assert.equal(d?.outcome, 'regression');
    assert.ok((d?.pValue ?? 1) < 0.05);
    const same = await compareVerdicts(base, base, { baseDir: a, currentDir: a });
    assert.equal(same.regressions, 0);
    // A small change that the samples tell apart with certainty is still no regression: 3 % < the 10 % floor.
    const steady = await run(a, (i) => 1000 + (i % 10), 500);
    const bitSlower = await run(b, (i) => 1030 + (i % 10), 500);
    const small = (await compareVerdicts(steady, bitSlower, { baseDir: a, currentDir: b })).deltas.find(
      (x) => x.selector === 'chat_turn_duration',
    );
    assert.ok(small && small.change > 0.02 && small.change < 0.04, String(small?.change));
    assert.deepEqual([small.outcome, small.pValue], ['unchanged', null]);
    assert.ok(
      ((await compareVerdicts(steady, bitSlower, { baseDir: a, currentDir: b, minEffect: 0.02 })).deltas[0]?.pValue ?? 1) < 0.001,
      'the same 3 % is significant once the floor allows testing it',
    );
    const few = await compareVerdicts(await run(a, (i) => 100 + i, 10), await run(b, (i) => 500 + i, 10), { baseDir: a, currentDir: b });
    assert.equal(few.deltas.find((x) => x.selector === 'chat_turn_duration')?.outcome, 'inconclusive');
  } finally {
    await rm(a, { recursive: true, force: true });
    await rm(b, { recursive: true, force: true });
  }
});

test('report.md prints a count-valued trend (fir_violations) as a number, times in ms', async () => {
  const dir = await tempRunDir();
  try {
    const rel = await writeSamples(dir, 'k6/fir/samples.json.gz', [
      ...chatPoints(10, () => 100),
      ...[10, 10, 4].map((value) => ({ metric: 'fir_violations', value })),
    ]);
    const v = await buildVerdict({
      plan: plan([k6Scenario('fir', 'fir-concurrency', [criterion('fir_violations', 'min>0', false)])]),
      runId: 'r-units',
      runDir: dir,
      startedAt: '2026-11-23T10:00:00.000Z',
      finishedAt: '2026-11-23T10:00:10.000Z',
      records: [record('fir', 'fir-concurrency', [rel])],
      tools: TOOLS,
    });
    await writeReports(v, dir);
    const md = await readFile(join(dir, 'report.md'), 'utf8');
    assert.match(md, /\| fir_violations \| 3 \| 4 \| 8 \| 10 \|/);
    assert.doesNotMatch(md, /\| fir_violations \|[^\n]*ms/);
    assert.match(md, /\| http_req_duration \| 10 \| 100 ms \|/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("verdict.schema.json's criterion sources are exactly the catalog's metric sources", async () => {
  const schema: unknown = JSON.parse(await readFile(projectPath('orchestrator/schemas/verdict.schema.json'), 'utf8'));
  const found = JSON.stringify(schema).match(/"source":\{"enum":(\[[^\]]*\])\}/);
  assert.ok(found?.[1], 'the schema constrains a criterion source');
  assert.deepEqual(JSON.parse(found[1]), [...METRIC_SOURCES]);
});

test('junit.xml carries the run verdict: an aborted run is an <error> even when every criterion passed; faults in its system-out', async () => {
  const dir = await tempRunDir();
  try {
    const v = await run(dir, (i) => 100 + i);
    v.status = 'ABORTED';
    v.exitCode = 130;
    v.reasons = ['interrupted by SIGINT'];
    await writeReports(v, dir);
    const junit = await readFile(join(dir, 'junit.xml'), 'utf8');
    assert.doesNotMatch(junit, /<failure/);
    assert.match(junit, /<testsuite name="verdict" tests="1" failures="0" errors="1"/);
    assert.match(junit, /<error type="verdict" message="ABORTED \(exit 130\): interrupted by SIGINT"\/>/);
    const passing = await run(dir, (i) => 100 + i);
    await writeReports(passing, dir);
    assert.match(await readFile(join(dir, 'junit.xml'), 'utf8'), /<testcase classname="loadgate" name="run r-test: PASS"><\/testcase>/);
    // Every fault observed reaches junit too, in the verdict's <system-out>, escaped; the md lists the same.
    const faulty = await run(dir, (i) => 100 + i);
    const chat = faulty.scenarios[0];
    assert.ok(chat);
    chat.faults.push('canary: main down at 12:00:01 <refused>');
    chat.errors.push('k6 exited 107');
    await writeReports(faulty, dir);
    assert.match(
      await readFile(join(dir, 'junit.xml'), 'utf8'),
      /<system-out>faults observed:\nchat: canary: main down at 12:00:01 &lt;refused&gt;\nchat: k6 exited 107<\/system-out>/,
    );
    assert.match(
      await readFile(join(dir, 'report.md'), 'utf8'),
      /## Faults observed\n\n- chat: canary: main down at 12:00:01 &lt;refused&gt;\n- chat: k6 exited 107\n/,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('text from a target is inert in report.md and the step summary: no raw HTML, link or code span', async () => {
  const dir = await tempRunDir();
  try {
    const v = await run(dir, (i) => 100 + i);
    const chat = v.scenarios[0];
    assert.ok(chat);
    const hostile = '-ERR <img src="http://example.invalid/x"> [a](http://example.invalid) `x` a|b';
    chat.errors.push(`redis: ${hostile}`);
    chat.reasons.push(`chat: ${hostile}`);
    v.reasons.push(`chat: ${hostile}`);
    await writeReports(v, dir);
    const escaped = '-ERR &lt;img src="http://example.invalid/x"&gt; \\[a\\](http://example.invalid) \\`x\\` a\\|b';
    for (const [name, md] of [
      ['report.md', await readFile(join(dir, 'report.md'), 'utf8')],
      ['step summary', markdownSummary(v)],
    ] as const) {
      assert.doesNotMatch(md, /<img/, name);
      assert.ok(md.includes(escaped), `${name} carries the escaped text`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
