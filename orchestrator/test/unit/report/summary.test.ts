import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prSummary, TOP_CAUSES } from '../../../src/report/summary.ts';
import { mdText } from '../../../src/report/markdown-escape.ts';
import type { Verdict } from '../../../src/verdict/types.ts';
import { chatVerdict } from '../../fixtures/runs/make-run.ts';

const HOSTILE = '<img src=x onerror=alert(1)> | `rm -rf` & co\nsecond line';

const withErrors = (latency: (i: number) => number, errors: string[] = []): Promise<Verdict> => chatVerdict(latency, { errors });

test('mdText: no tag, no cell break, no code span, one line', () => {
  assert.equal(mdText(HOSTILE), '&lt;img src=x onerror=alert(1)&gt; \\| \\`rm -rf\\` &amp; co second line');
});

test('summary.md: verdict line, the policy, one row per scenario, no baseline, the failure cause', async () => {
  const md = prSummary(await withErrors((i) => 2900 + i));
  assert.match(md, /^### loadgate: FAIL \(exit 1\)$/m);
  assert.match(md, /^\*\*verdict: FAIL \(exit 1\) — chat: chat_turn_duration p\(95\)&lt;2000 observed 2994\.\d+ ms\*\*$/m);
  assert.match(md, /^Gate policy: `--fail-on fail,invalid,error,inconclusive`\.$/m);
  assert.match(md, /^\| scenario \| status \| requests \| success \| p95 \| criteria \|$/m);
  assert.match(md, /^\| chat \| FAILED \| 100 \| 100 % \| \d+ ms \| 0\/1 \|$/m);
  assert.match(md, /^Baseline: none given, nothing compared\.$/m);
  assert.match(md, /^1\. chat: chat_turn_duration p\(95\)&lt;2000 observed/m);
  assert.doesNotMatch(md, /WARNING/);
});

test('summary.md: text from a target is escaped, and only the top causes are listed', async () => {
  const errors = [HOSTILE, ...Array.from({ length: TOP_CAUSES + 2 }, (_, i) => `error ${i}`)];
  const md = prSummary(await withErrors((i) => 100 + i, errors));
  assert.doesNotMatch(md, /<img|[^\\]`rm/);
  assert.match(md, /chat: &lt;img src=x onerror=alert\(1\)&gt; \\\| \\`rm -rf\\` &amp; co second line/);
  const listed = md.split('\n').filter((l) => /^\d+\. /.test(l));
  assert.equal(listed.length, TOP_CAUSES);
  assert.match(md, /^\(\+\d+ more in report\.md\)$/m);
});

test('summary.md: regressions against the baseline, one row each', async () => {
  const v = await withErrors((i) => 100 + i);
  v.baseline = {
    baseRunId: 'base-1',
    minEffect: 0.1,
    alpha: 0.05,
    regressions: 1,
    deltas: [
      {
        scenario: 'chat',
        selector: 'chat_turn_duration',
        stat: 'p95',
        base: 100,
        current: 150,
        change: 0.5,
        pValue: 0.001,
        samples: { base: 100, current: 100 },
        outcome: 'regression',
      },
      {
        scenario: 'chat',
        selector: 'http_req_duration',
        stat: 'p95',
        base: 50,
        current: 50,
        change: 0,
        pValue: 0.5,
        samples: { base: 100, current: 100 },
        outcome: 'unchanged',
      },
    ],
  };
  const md = prSummary(v);
  assert.match(md, /^Regressions against baseline `base-1` \(p95 \+10 % or more, p < 0\.05\):$/m);
  assert.match(md, /^\| chat \| chat_turn_duration \| 100 ms \| 150 ms \| \+50\.0 % \| 0\.0010 \|$/m);
  assert.doesNotMatch(md, /http_req_duration \|/);
});
