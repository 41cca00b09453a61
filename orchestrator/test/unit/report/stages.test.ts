/** The stages and the capacity knee in the console summary, report.md and report.html. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consoleSummary } from '../../../src/report/console.ts';
import { markdownReport } from '../../../src/report/markdown.ts';
import { htmlReport } from '../../../src/report/html.ts';
import { kneeChart } from '../../../src/report/stages.ts';
import { rampVerdict } from '../../fixtures/runs/ramp-run.ts';

test('a ramp with a knee: the capacity line on the console, a stage table in report.md, table and chart in report.html', async () => {
  const v = await rampVerdict({ n: 300, latency: 3000, dropped: 0 });
  const summary = v.scenarios[0]?.capacity?.summary ?? '';
  assert.match(summary, /up to 20 iterations\/s/);
  assert.ok(consoleSummary(v).includes(`capacity: ${summary}`));
  const md = markdownReport(v);
  // report.md escapes the target's text for Markdown: `<` as an entity, brackets with a backslash.
  assert.ok(md.includes(`**Capacity:** ${summary.replaceAll('<', '&lt;').replaceAll('[', '\\[').replaceAll(']', '\\]')}.`));
  assert.match(
    md,
    /\| 2: 10–20 s \| 10 → 20 iterations\/s \| 10 \| 15 \| 0 \| 150 \| 0 % \| 150 \| 400\.1 ms \| 400\.1 ms \\\[400\.1, 400\.1\\\] \| 400\.1 ms \| hold \|/,
  );
  assert.match(md, /\| 3: 20–30 s \| 20 → 40 iterations\/s .* chat_turn_duration p\(95\)&lt;2000: fail \|/);
  const html = htmlReport(v);
  assert.match(html, /<caption>chat-open: stages<\/caption>/);
  // The chart: one bar per stage (two that hold, the third that does not), its bounds and the dashed limit.
  const knee = kneeChart(v.scenarios[0] ?? assert.fail('no scenario'), 's0');
  assert.ok(knee);
  assert.deepEqual(knee.categories, ['1: 10 iterations/s', '2: 20 iterations/s', '3: 40 iterations/s']);
  const [held, notHeld, low, high, limit] = knee.series;
  assert.deepEqual(
    held?.values.map((x) => x !== null),
    [true, true, false],
  );
  assert.deepEqual(
    notHeld?.values.map((x) => x !== null),
    [false, false, true],
  );
  assert.ok(low?.points && high?.points);
  assert.deepEqual(limit, { label: 'limit chat_turn_duration p(95)<2000', values: [2000, 2000, 2000], dashed: true });
  assert.ok(html.includes('data-chart="s0-stages"'));
});

test('a scenario without stages has no capacity line, stage table or knee chart', async () => {
  const v = await rampVerdict({ n: 300, latency: 500, dropped: 0 });
  const flat = { ...v, scenarios: v.scenarios.map(({ stages: _s, capacity: _c, ...rest }) => rest) };
  assert.ok(!consoleSummary(flat).some((l) => l.startsWith('capacity:')));
  assert.ok(!markdownReport(flat).includes('Capacity'));
  assert.ok(!htmlReport(flat).includes('stages</caption>'));
  assert.ok(!htmlReport(flat).includes('data-chart="s0-stages"'));
});
