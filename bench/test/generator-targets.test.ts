/**
 * The generator section's targets (issue 17) from made-up rows: each is met or missed by the figures it names,
 * and a missing row is "no data", never a pass.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { k6BareGenerator } from '../generators/k6-bare.ts';
import { loadgateGenerator } from '../generators/loadgate.ts';
import { locustGenerator } from '../generators/locust.ts';
import type { GeneratorRun, LoadShape } from '../generators/types.ts';
import { generatorTargets, type ResultRows } from '../sections/generator-targets.ts';

const RATE: LoadShape = { kind: 'rate', rate: 1000, seconds: 10 };
const MAX: LoadShape = { kind: 'max', connections: 50, seconds: 10 };

/** A run of `rps` req/s for 10 s at `cpu10k` CPU s per 10k requests. */
function run(rps: number, cpu10k: number, dropped?: number): GeneratorRun {
  const requests = rps * 10;
  return {
    requests,
    errors: 0,
    seconds: 10,
    p50Ms: 1,
    p99Ms: 2,
    cpuSeconds: (cpu10k * requests) / 10_000,
    peakRssBytes: 0,
    notes: [],
    ...(dropped === undefined ? {} : { dropped }),
  };
}

function rows(name: string, rate: GeneratorRun, max: GeneratorRun): ResultRows {
  return {
    name,
    rows: [
      { endpoint: 'chat', shape: RATE, run: rate },
      { endpoint: 'chat', shape: MAX, run: max },
    ],
  };
}

const status = (results: ResultRows[]): Record<string, string> =>
  Object.fromEntries(generatorTargets(results).map((t) => [t.name, t.status]));

describe('generator targets', () => {
  const bare = rows(k6BareGenerator.name, run(1000, 4, 0), run(2000, 2));
  const locust = rows(locustGenerator.name, run(1000, 6.5), run(1500, 3.5));

  it('all met: 1.5× bare k6 at most, cheaper and faster than Locust, the rate held, 70 % of the maximum', () => {
    const ours = rows(loadgateGenerator.name, run(1000, 6, 0), run(1600, 2.9));
    assert.deepEqual(new Set(Object.values(status([ours, bare, locust]))), new Set(['met']));
    const cpu = generatorTargets([ours, bare, locust]).find((t) => t.name.startsWith('loadgate CPU per request vs bare k6 (fixed'));
    assert.equal(cpu?.measured, '1.50× (6.00 vs 4.00 CPU s / 10k req)');
  });

  it('each target misses on its own figure', () => {
    const ours = rows(loadgateGenerator.name, run(900, 6.6, 1000), run(1300, 3.6));
    const s = status([ours, bare, locust]);
    assert.equal(s['loadgate CPU per request vs bare k6 (fixed-rate row)'], 'missed');
    assert.equal(s["loadgate CPU per request below Locust's (fixed-rate row)"], 'missed');
    assert.equal(s['loadgate delivers the fixed rate bare k6 delivers'], 'missed');
    assert.equal(s['loadgate CPU per request vs bare k6 (maximum row)'], 'missed');
    assert.equal(s["loadgate CPU per request below Locust's (maximum row)"], 'missed');
    assert.equal(s["loadgate maximum vs bare k6's"], 'missed');
    assert.equal(s["loadgate maximum above Locust's"], 'missed');
  });

  it('dropped iterations pass only where bare k6 dropped some too and loadgate kept 95 % of its rate', () => {
    const bareDropping = rows(k6BareGenerator.name, run(800, 4, 2000), run(2000, 2));
    const close = rows(loadgateGenerator.name, run(770, 5, 2300), run(1600, 2.9));
    const far = rows(loadgateGenerator.name, run(700, 5, 3000), run(1600, 2.9));
    assert.equal(status([close, bareDropping, locust])['loadgate delivers the fixed rate bare k6 delivers'], 'met');
    assert.equal(status([far, bareDropping, locust])['loadgate delivers the fixed rate bare k6 delivers'], 'missed');
  });

  it('without the bare k6 or Locust rows the targets have no data', () => {
    const ours = rows(loadgateGenerator.name, run(1000, 1, 0), run(5000, 1));
    assert.deepEqual(new Set(Object.values(status([ours]))), new Set(['no data']));
  });
});
