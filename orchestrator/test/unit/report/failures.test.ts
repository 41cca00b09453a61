import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consoleSummary } from '../../../src/report/console.ts';
import { agreesCell } from '../../../src/report/format.ts';
import { htmlReport } from '../../../src/report/html.ts';
import { junitReport } from '../../../src/report/junit.ts';
import { markdownReport } from '../../../src/report/markdown.ts';
import { mdText } from '../../../src/report/markdown-escape.ts';
import type { FailureEntry } from '../../../src/verdict/failures.ts';
import type { Verdict } from '../../../src/verdict/types.ts';

const FAILURE: FailureEntry = {
  step: 'process',
  request: 'process',
  status: 400,
  statusText: '400',
  count: 10,
  tries: 10,
  first: '2026-11-23T10:00:00Z',
  last: '2026-11-23T10:00:01Z',
  reason: 'process: HTTP 400',
  answer: '{"detail":"No input provided. Please provide audio, image, or text."} <b>*x*</b>',
};

function verdict(): Verdict {
  return {
    schemaVersion: 1,
    runId: 'r1',
    status: 'FAIL',
    exitCode: 1,
    reasons: ['fir: fir_completed rate==1 observed 0', 'fir: failed at process → 400: 10 failed: {"detail":"No input provided."}'],
    startedAt: '2026-11-23T10:00:00Z',
    finishedAt: '2026-11-23T10:00:10Z',
    profile: 'smoke',
    inventory: { file: 'lab/inventory.yaml', name: 'lab', lab: true },
    tools: { k6: 'v2.2.0', node: '20', loadgate: '0.1.0' },
    warnings: [],
    scenarios: [
      {
        name: 'fir',
        scenario: 'fir-single',
        engine: 'k6',
        status: 'failed',
        startedAt: '2026-11-23T10:00:00Z',
        finishedAt: '2026-11-23T10:00:10Z',
        metrics: {},
        criteria: [
          {
            scenario: 'fir',
            engine: 'k6',
            metric: 'fir_completed',
            tags: {},
            selector: 'fir_completed',
            expression: 'rate==1',
            observed: 0,
            ok: false,
            samples: 10,
            strict: true,
            source: 'k6',
            threshold: 1,
            origin: 't:1',
          },
        ],
        errors: [],
        faults: [],
        failures: [FAILURE],
        artifacts: {},
        samples: [],
        reasons: [],
      },
    ],
  };
}

test('every report names the failed step, its status and the answer sample', () => {
  const v = verdict();
  const console = consoleSummary(v).join('\n');
  assert.match(console, /fir: failed at process → 400: 10 failed: \{"detail":"No input provided\./);
  const md = markdownReport(v);
  assert.match(md, /\| process \| process \| 400 \| 10 \| 10 \|/);
  assert.match(
    md,
    /No input provided\. Please provide audio, image, or text\."\} &lt;b&gt;\\\*x\\\*&lt;\/b&gt;/,
    'the answer is escaped for Markdown',
  );
  const html = htmlReport(v);
  assert.match(html, /<td>400<\/td><td>10<\/td>/);
  assert.match(html, /&lt;b&gt;\*x\*&lt;\/b&gt;/);
  const junit = junitReport(v);
  assert.match(
    junit,
    /<failure type="threshold" message="fir_completed rate==1 observed 0; failed at process → 400: 10 failed: \{&quot;detail&quot;:&quot;No input provided/,
  );
});

test('"k6 agrees" reads "—" where nothing was compared', () => {
  assert.equal(agreesCell({ ok: null, engineOk: true }), '—');
  assert.equal(agreesCell({ ok: true }), '—');
  assert.equal(agreesCell({ ok: true, engineOk: true }), 'yes');
  assert.equal(agreesCell({ ok: false, engineOk: true }), 'NO');
});

test('Markdown escaping keeps identifiers readable and answers inert', () => {
  assert.equal(mdText('fir_completed `x` *b* [l](u) _y_'), 'fir_completed \\`x\\` \\*b\\* \\[l\\](u) \\_y\\_');
  assert.equal(mdText('<script>\nnext'), '&lt;script&gt; next');
  assert.equal(mdText('a | b & c'), 'a \\| b &amp; c');
});
