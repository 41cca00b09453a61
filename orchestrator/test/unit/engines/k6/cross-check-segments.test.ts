/**
 * The summary cross-check of a distributed scenario: each generator's own k6 summary against its own samples
 * (the reader's per-file tallies), at the local cross-check's tolerance (1e-6 relative): within it agrees,
 * beyond it is a disagreement naming the generator — and through the verdict, an ERROR like a local one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { crossCheckSegments } from '../../../../src/engines/k6/cross-check.ts';
import type { K6Facts, K6SegmentFacts } from '../../../../src/engines/k6/facts.ts';
import type { FileTally } from '../../../../src/samples/per-file.ts';
import type { MetricStats } from '../../../../src/scenario-result.ts';
import { buildVerdict } from '../../../../src/verdict/build.ts';
import { sampleSet, summarize } from '../../../../src/verdict/metrics.ts';
import { chatPoints, k6Scenario, plan, record, tempRunDir, TOOLS, writeSamples } from '../../../fixtures/runs/make-run.ts';
import { k6Facts } from '../../../fixtures/runs/k6-facts.ts';

const seg = (generator: string, file: string, summary: K6SegmentFacts['summary']): K6SegmentFacts => ({
  generator,
  host: `u@127.0.0.3${generator.slice(-1)}:2222`,
  segment: '0:1/2',
  vus: 1,
  exitCode: 0,
  outcome: 'ok',
  summary,
  cores: 2,
  clockOffsetMs: 0,
  k6Version: 'v2.2.0',
  samples: [file],
  errors: [],
});
const facts = (segments: K6SegmentFacts[]): K6Facts => k6Facts({ segments });
const stats = (type: MetricStats['type']): MetricStats => summarize(sampleSet(type, Float64Array.of(1), 1)) ?? assert.fail('no stats');
const TYPES: Record<string, MetricStats> = {
  data_received: stats('counter'),
  http_reqs: stats('counter'),
  http_req_duration: stats('trend'),
  checks: stats('rate'),
  vus: stats('gauge'),
};
const tallies = (entries: Record<string, FileTally>): Map<string, FileTally> => new Map(Object.entries(entries));

test('within 1e-6 relative every additive value agrees; a gauge, a percentile or an avg is not compared per generator', () => {
  const perFile = new Map([
    [
      'k6/x/gen-1/samples.json.gz',
      tallies({
        data_received: { count: 10, sum: 10_000_000, nonzero: 10 },
        http_reqs: { count: 30, sum: 30, nonzero: 30 },
        http_req_duration: { count: 30, sum: 900, nonzero: 30 },
        checks: { count: 4, sum: 3, nonzero: 3 },
        vus: { count: 3, sum: 6, nonzero: 3 },
      }),
    ],
  ]);
  const k6 = facts([
    seg('gen-1', 'k6/x/gen-1/samples.json.gz', {
      data_received: { count: 10_000_009 }, // 9e-7 relative: within
      http_reqs: { count: 30 },
      http_req_duration: { count: 30, avg: 31, 'p(95)': 99 },
      checks: { rate: 0.75, passes: 3, fails: 1 },
      vus: { value: 5 },
    }),
  ]);
  assert.deepEqual(crossCheckSegments(k6, perFile, TYPES), []);
});

test('beyond the tolerance each value is a disagreement naming its generator', () => {
  const perFile = new Map([
    ['a', tallies({ http_reqs: { count: 30, sum: 30, nonzero: 30 }, data_received: { count: 1, sum: 10_000_000, nonzero: 1 } })],
    ['b', tallies({ http_req_duration: { count: 20, sum: 1, nonzero: 20 }, checks: { count: 4, sum: 3, nonzero: 3 } })],
  ]);
  const k6 = facts([
    seg('gen-1', 'a', { http_reqs: { count: 31 }, data_received: { count: 10_000_011 } }), // 1.1e-6 relative: beyond
    seg('gen-2', 'b', { http_req_duration: { count: 19 }, checks: { rate: 0.5, passes: 2, fails: 2 } }),
  ]);
  assert.deepEqual(crossCheckSegments(k6, perFile, TYPES), [
    'http_reqs count on gen-1: its k6 summary 31, loadgate recomputed 30 from its samples',
    'data_received count on gen-1: its k6 summary 10000011, loadgate recomputed 10000000 from its samples',
    'http_req_duration count on gen-2: its k6 summary 19, loadgate recomputed 20 from its samples',
    'checks rate on gen-2: its k6 summary 0.5, loadgate recomputed 0.75 from its samples',
    'checks passes on gen-2: its k6 summary 2, loadgate recomputed 3 from its samples',
    'checks fails on gen-2: its k6 summary 2, loadgate recomputed 1 from its samples',
  ]);
});

test("through the verdict: a generator whose summary disagrees with its samples makes the scenario ERROR; agreeing ones don't", async () => {
  const dir = await tempRunDir();
  try {
    const one = await writeSamples(
      dir,
      'k6/chat/gen-1/samples.json.gz',
      chatPoints(12, () => 100),
    );
    const two = await writeSamples(
      dir,
      'k6/chat/gen-2/samples.json.gz',
      chatPoints(8, () => 100),
    );
    const judge = async (second: number) => {
      const v = await buildVerdict({
        plan: plan([k6Scenario('chat', 'chat', [])]),
        runId: 'r-x',
        runDir: dir,
        startedAt: '2026-11-23T10:00:00.000Z',
        finishedAt: '2026-11-23T10:00:10.000Z',
        records: [
          record('chat', 'chat', [one, two], {
            k6: facts([seg('gen-1', one, { http_reqs: { count: 12 } }), seg('gen-2', two, { http_reqs: { count: second } })]),
          }),
        ],
        tools: TOOLS,
      });
      return v.scenarios[0];
    };
    const agreeing = await judge(8);
    assert.ok(!agreeing?.errors.some((e) => e.startsWith('tools disagree')), agreeing?.errors.join('\n'));
    const disagreeing = await judge(9);
    assert.equal(disagreeing?.status, 'error');
    assert.ok(
      disagreeing?.errors.includes('tools disagree: http_reqs count on gen-2: its k6 summary 9, loadgate recomputed 8 from its samples'),
      disagreeing?.errors.join('\n'),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
