/**
 * The per-generator table in report.md, report.html and junit.xml, from verdicts built by the real pipeline
 * (buildVerdict over k6-format samples and records): a scenario over two generators shows one row per
 * generator with its segment, VUs, requests, CPU of its cores, clock offset, k6 version and exit; a scenario
 * on one local process shows none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { buildVerdict } from '../../../src/verdict/build.ts';
import type { K6SegmentFacts } from '../../../src/engines/k6/facts.ts';
import { htmlReport } from '../../../src/report/html.ts';
import { junitReport } from '../../../src/report/junit.ts';
import { markdownReport } from '../../../src/report/markdown.ts';
import { generatorLines, generatorsText } from '../../../src/report/generators.ts';
import type { Verdict } from '../../../src/verdict/types.ts';
import { validateVerdict } from '../../../src/verdict/schema.ts';
import { chatPoints, criterion, k6Scenario, plan, record, tempRunDir, TOOLS, writeSamples } from '../../fixtures/runs/make-run.ts';

const segment = (generator: string, extra: Partial<K6SegmentFacts>): K6SegmentFacts => ({
  generator,
  host: `loadgate@127.0.0.3${generator.slice(-1)}:2222`,
  segment: '0:1/2',
  vus: 3,
  exitCode: 0,
  outcome: 'ok',
  summary: {},
  cores: 2,
  clockOffsetMs: 0,
  k6Version: 'v2.2.0',
  samples: [],
  errors: [],
  ...extra,
});

async function verdicts(dir: string): Promise<Verdict> {
  const one = await writeSamples(
    dir,
    'k6/chat/gen-1/samples.json.gz',
    chatPoints(30, () => 100),
  );
  const two = await writeSamples(
    dir,
    'k6/chat/gen-2/samples.json.gz',
    chatPoints(20, () => 120),
  );
  const local = await writeSamples(
    dir,
    'k6/solo/samples.json.gz',
    chatPoints(10, () => 90),
  );
  const segments = [
    segment('gen-1', {
      summary: { iterations: { count: 30 } },
      requests: 30,
      cpuSeconds: 3,
      wallSeconds: 10,
      clockOffsetMs: 2,
      samples: [one],
    }),
    segment('gen-2', {
      segment: '1/2:1',
      vus: 2,
      exitCode: 137,
      outcome: 'crashed',
      requests: 20,
      cores: 4,
      clockOffsetMs: -130,
      k6Version: 'v2.1.0',
      samples: [two],
    }),
  ];
  return buildVerdict({
    plan: plan([k6Scenario('chat', 'chat', [criterion('chat_turn_duration', 'p(95)<2000')]), k6Scenario('solo', 'chat', [])]),
    runId: 'r-gen',
    runDir: dir,
    startedAt: '2026-11-23T10:00:00.000Z',
    finishedAt: '2026-11-23T10:00:10.000Z',
    records: [
      record('chat', 'chat', [one, two], {
        k6: {
          exitCode: 137,
          signal: null,
          outcome: 'crashed',
          version: 'v2.2.0',
          thresholds: [],
          summary: {},
          segments,
          startSkewMs: 7,
          setupRan: true,
        },
      }),
      record('solo', 'chat', [local]),
    ],
    tools: TOOLS,
  });
}

const ROW_1 = ['gen-1', 'loadgate@127.0.0.31:2222', '0:1/2', '3', '30', '30', '15 % of 2 cores', '+2 ms', 'v2.2.0', '0'];
const ROW_2 = ['gen-2', 'loadgate@127.0.0.32:2222', '1/2:1', '2', '20', '—', '— of 4 cores', '-130 ms', 'v2.1.0', '137 (crashed)'];

test('report.md: the distributed scenario has the per-generator table with its numbers; the local one has none', async () => {
  const dir = await tempRunDir();
  try {
    const v = await verdicts(dir);
    const checked = validateVerdict(JSON.parse(JSON.stringify(v)));
    assert.ok(checked.ok, checked.ok ? '' : checked.error);
    const md = markdownReport(v);
    const chat = md.slice(md.indexOf('## chat '), md.indexOf('## solo '));
    const solo = md.slice(md.indexOf('## solo '), md.indexOf('## Success criteria'));
    assert.match(chat, /Generators \(2; CPU as a share of each host's cores\):/);
    assert.ok(chat.includes('| generator | host | segment | VUs | requests | iterations | CPU | clock offset | k6 | exit |'), chat);
    assert.ok(chat.includes(`| ${ROW_1.join(' | ')} |`), chat);
    assert.ok(chat.includes(`| ${ROW_2.join(' | ')} |`), chat);
    assert.doesNotMatch(solo, /Generators|gen-1/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('report.html: one table per distributed scenario, its cells escaped; none for the local scenario', async () => {
  const dir = await tempRunDir();
  try {
    const v = await verdicts(dir);
    const html = htmlReport(v);
    const tables = html.match(/<table class="generators">.*?<\/table>/g) ?? [];
    assert.equal(tables.length, 1);
    assert.ok(tables[0]?.includes('<caption>chat: 2 generators</caption>'));
    assert.ok(tables[0]?.includes(`<tr>${ROW_1.map((c) => `<td>${c}</td>`).join('')}</tr>`), tables[0]);
    assert.ok(tables[0]?.includes(`<tr>${ROW_2.map((c) => `<td>${c}</td>`).join('')}</tr>`), tables[0]);
    const hostile = {
      ...v,
      scenarios: v.scenarios.map((s) => ({
        ...s,
        details: { generators: [{ ...generatorLines(v.scenarios[0] ?? s)[0], host: '<b>x</b>' }] },
      })),
    };
    assert.ok(htmlReport(hostile).includes('<td>&lt;b&gt;x&lt;/b&gt;</td>'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("junit.xml: a testcase per distributed scenario whose <system-out> is the table (what Jenkins shows as the case's output)", async () => {
  const dir = await tempRunDir();
  try {
    const v = await verdicts(dir);
    const xml = junitReport(v);
    const cases =
      xml.match(
        /<testcase classname="loadgate\.(\w+)" name="load over 2 generators" time="0"><system-out>[^<]*<\/system-out><\/testcase>/g,
      ) ?? [];
    assert.equal(cases.length, 1);
    assert.match(cases[0] ?? '', /classname="loadgate\.chat"/);
    const text = generatorsText(v.scenarios[0] ?? v.scenarios[1]!) ?? '';
    const lines = text.split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[1] ?? '', /^gen-1 +loadgate@127\.0\.0\.31:2222 +0:1\/2 +3 +30 +30 +15 % of 2 cores +\+2 ms +v2\.2\.0 +0$/);
    assert.match(
      lines[2] ?? '',
      /^gen-2 +loadgate@127\.0\.0\.32:2222 +1\/2:1 +2 +20 +— +— of 4 cores +-130 ms +v2\.1\.0 +137 \(crashed\)$/,
    );
    // The chat suite counts the case among its tests (its criterion, "scenario ran" for the crash, the table); solo has none.
    assert.match(xml, /<testsuite name="chat" tests="3" /);
    assert.match(xml, /<testsuite name="solo" tests="0" /);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a details.generators row missing a field is left out, not guessed', () => {
  const base = { name: 'x', details: { generators: [{ generator: 'gen-1' }, 'nope'] } };
  assert.deepEqual(generatorLines({ ...(base as unknown as Verdict['scenarios'][number]) }), []);
});
