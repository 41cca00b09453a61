/**
 * Criterion windows through the real configuration loader: each mistake is one located problem
 * (file:line:col and the path to the key), and a window that fits lands in the plan in milliseconds — and
 * stays out of k6's own thresholds, which judge the whole run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadPlan } from '../../../src/config/load.ts';
import { formatProblem } from '../../../src/errors.ts';
import { buildK6Options } from '../../../src/engines/k6/options.ts';
import { hasExecutor } from '../../../src/plan/load-shape.ts';
import { copyConfig, problemsOf } from './fixture.ts';

/** The first chat criterion (chat_turn_duration p(95)<2000, line 5) gets `window` as line 8. */
const withWindow = (window: string) => (text: string) =>
  text.replace('    severity: strict\n    description: 95 %', `    severity: strict\n    window: ${window}\n    description: 95 %`);

async function problems(window: string, profile = 'load'): Promise<string[]> {
  const c = await copyConfig();
  try {
    await c.edit(join(c.thresholdsDir, 'chat.yaml'), withWindow(window));
    return (await problemsOf(c.options({ profile }))).map(formatProblem);
  } finally {
    await c.cleanup();
  }
}

const only = (list: string[], re: RegExp): void => {
  assert.equal(list.length, 1, list.join('\n'));
  assert.match(list[0] ?? '', re);
};

test('a window past the planned duration is located at the criterion’s window, naming the profile entry', async () => {
  // load: chat is constant-vus for 45 s.
  only(
    await problems('{ from: 30s, to: 50s }'),
    /chat\.yaml:8:\d+ {2}\/criteria\/0\/window {2}the window ends at 50 s, after the constant-vus scenario's planned 45 s \(profile entry chat\)$/,
  );
  only(
    await problems('last 1m'),
    /chat\.yaml:8:\d+ {2}\/criteria\/0\/window {2}the window's 60 s are longer than the constant-vus scenario's planned 45 s/,
  );
});

test('from ≥ to and bad durations are located at the key that is wrong', async () => {
  only(
    await problems('{ from: 40s, to: 30s }'),
    /chat\.yaml:8:\d+ {2}\/criteria\/0\/window\/to {2}the window must end after it starts: from 40s, to 30s$/,
  );
  only(await problems('{ from: 30, to: 40s }'), /chat\.yaml:8:\d+ {2}\/criteria\/0\/window\/from {2}'30' is not a duration/);
  only(await problems('last 10x'), /chat\.yaml:8:\d+ {2}\/criteria\/0\/window {2}'10x' is not a duration/);
  only(
    await problems('{ steady: { warmup: soon } }'),
    /chat\.yaml:8:\d+ {2}\/criteria\/0\/window\/steady\/warmup {2}'soon' is not a duration/,
  );
  only(await problems('sometimes'), /chat\.yaml:8:\d+ {2}\/criteria\/0\/window {2}'sometimes' is not a window \('steady', 'last 60s'/);
});

test('a window on an abortOnFail criterion is refused: k6 judges those on the whole run', async () => {
  const c = await copyConfig();
  try {
    await c.edit(join(c.thresholdsDir, 'chat.yaml'), (t) =>
      t.replace('    delayAbortEval: 10s\n', '    delayAbortEval: 10s\n    window: steady\n'),
    );
    only(
      (await problemsOf(c.options())).map(formatProblem),
      /chat\.yaml:\d+:\d+ {2}\/criteria\/2\/window {2}a windowed criterion cannot abortOnFail/,
    );
  } finally {
    await c.cleanup();
  }
});

test('a window that fits is in the plan in ms after the start, and not among k6’s thresholds', async () => {
  const c = await copyConfig();
  try {
    await c.edit(join(c.thresholdsDir, 'chat.yaml'), withWindow('steady'));
    const plan = await loadPlan(c.options());
    const chat = plan.scenarios.find((s) => s.id === 'chat');
    assert.ok(chat && hasExecutor(chat));
    // 10 % of 45 s of warm-up, to the end.
    assert.deepEqual(chat.criteria[0]?.window, { written: 'steady', fromMs: 4500, toMs: 45_000 });
    assert.equal(chat.criteria[1]?.window, undefined);
    const thresholds = buildK6Options(chat, 'r1').thresholds;
    assert.equal(thresholds['chat_turn_duration'], undefined);
    assert.deepEqual(thresholds['chat_failed'], [{ threshold: 'rate<0.01', abortOnFail: false }]);
  } finally {
    await c.cleanup();
  }
});

test('the file’s warmup sets the steady windows of its criteria on constant executors', async () => {
  const c = await copyConfig();
  try {
    await c.edit(join(c.thresholdsDir, 'chat.yaml'), (t) =>
      withWindow('steady')(t.replace('scenario: chat\n', 'scenario: chat\nwarmup: 15s\n')),
    );
    const plan = await loadPlan(c.options());
    const chat = plan.scenarios.find((s) => s.id === 'chat');
    assert.deepEqual(chat?.criteria[0]?.window, { written: 'steady (warm-up 15 s)', fromMs: 15_000, toMs: 45_000 });
  } finally {
    await c.cleanup();
  }
});

test('the same expression over a window and over the whole run are two criteria, not a duplicate', async () => {
  const c = await copyConfig();
  try {
    await c.edit(join(c.thresholdsDir, 'chat.yaml'), (t) =>
      t.replace(
        'criteria:\n',
        'criteria:\n  - metric: chat_turn_duration\n    expression: p(95)<2000\n    severity: strict\n    window: last 30s\n',
      ),
    );
    const plan = await loadPlan(c.options());
    const chat = plan.scenarios.find((s) => s.id === 'chat');
    assert.deepEqual(
      chat?.criteria.slice(0, 2).map((x) => x.window?.written ?? 'whole run'),
      ['last 30 s', 'whole run'],
    );
  } finally {
    await c.cleanup();
  }
});
