import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { PreflightError } from '../../../src/errors.ts';
import type { RunPlan } from '../../../src/plan/types.ts';
import { k6OutputWarnings, preflightOutputs } from '../../../src/run/outputs.ts';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScenarioRecord } from '../../../src/record.ts';

const plan = (url: string): RunPlan => ({
  profile: 'smoke',
  inventory: { file: 'x', name: 'x', lab: true },
  thresholdsDir: 'thresholds',
  rounds: 1,
  pauseMs: 0,
  scenarios: [],
  generators: [],
  outputs: [{ type: 'prometheus-rw', url, headers: {}, from: '--out 1' }],
  secrets: [],
});

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const a = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return typeof a === 'object' && a !== null ? a.port : 0;
}

test('preflight: an output that cannot be reached is a PreflightError (exit 3) naming it', async () => {
  const port = await closedPort();
  await assert.rejects(
    preflightOutputs(plan(`http://127.0.0.1:${port}/api/v1/write`), { LOADGATE_LOOPBACK_ONLY: '1' }, 2000),
    (err: unknown) =>
      err instanceof PreflightError &&
      err.message.includes(`unreachable output prometheus-rw http://127.0.0.1:${port}/api/v1/write (--out 1: ECONNREFUSED)`),
  );
});

test('preflight: a listening output passes', async () => {
  const s = createServer((c) => c.destroy());
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const a = s.address();
  try {
    await preflightOutputs(plan(`http://127.0.0.1:${typeof a === 'object' && a !== null ? a.port : 0}/w`), {}, 2000);
  } finally {
    await new Promise<void>((r) => s.close(() => r()));
  }
});

test("k6's own output errors in stderr.log become one warning per scenario", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-outputs-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'k6', 'chat'), { recursive: true });
  await writeFile(
    join(dir, 'k6', 'chat', 'stderr.log'),
    'time="x" level=info msg="ok"\ntime="x" level=error msg="Failed to send the time series data to the endpoint" error="HTTP POST request failed: Post \\"http://127.0.0.1:9/api/v1/write\\": dial tcp: connection refused" output="Prometheus remote write"\n',
  );
  const record = { id: 'chat', artifacts: { stderr: 'k6/chat/stderr.log' } } as unknown as ScenarioRecord;
  const [w, more] = await k6OutputWarnings([record], dir, []);
  assert.match(w ?? '', /^chat: k6's metrics output reported 1 problem\(s\) \(first: .*Failed to send the time series data/);
  assert.equal(more, undefined);
  assert.deepEqual(await k6OutputWarnings([{ ...record, artifacts: {} }], dir, []), []);
});
