// test-needs: lab
/**
 * Rate limits as the system means them (issue 18, item 6): 20 concurrent FIRs against the lab with the
 * contract's limit (100 requests per 60 s, Retry-After: 60) end FAIL with the 429 count and the Retry-After
 * line. The cap is set below AFIRGen's 60 s so the test need not wait a whole window.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.ts';
import { startLab } from '../../src/lab/process.ts';
import { LabControl } from '../../src/lab/control.ts';

const CAPPED = '429, Retry-After 60 s exceeded the 1 s cap';

test(`20 concurrent FIRs over the contract rate limit: FAIL with the 429 count and "${CAPPED}"`, { timeout: 240_000 }, async (t) => {
  const results = await mkdtemp(join(tmpdir(), 'loadgate-rate-limit-'));
  const lab = await startLab({ runDir: join(results, 'lab'), zeroDelay: true });
  t.after(async () => {
    await lab.stop();
    await rm(results, { recursive: true, force: true });
  });
  await new LabControl(lab.controlUrl).setConfig({ afirgen: { rateLimitRequests: 100 } });
  const args = ['run', '--profile', 'stress', '--scenario', 'fir-concurrency-20', '--set', 'fir-concurrency-20.params.retryMaxWaitMs=1000'];
  const r = await runCli([...args, '--results-dir', results], { timeout: 230_000 });
  assert.equal(r.exitCode, 1, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /verdict: FAIL \(exit 1\) — fir-concurrency-20: fir_completed rate==1 observed 0(\.\d+)? /);
  assert.match(
    r.stdout,
    new RegExp(`fir-concurrency-20: failed at \\w+ \\(\\w+\\) → ${CAPPED}: \\d+ failed: \\{"detail":"Rate limit exceeded`),
  );
  // The 429 count: every flow the limit cut off is in the breakdown, under the step it was cut off at.
  const dir = join(results, (await readdir(results)).find((e) => e.includes('-stress-')) ?? assert.fail('no run directory'));
  const verdict = await readFile(join(dir, 'verdict.json'), 'utf8');
  const limited = [...verdict.matchAll(new RegExp(`"status": ?429,\\s*"statusText": ?"${CAPPED}",\\s*"count": ?(\\d+)`, 'g'))];
  const total = limited.reduce((sum, m) => sum + Number(m[1]), 0);
  assert.ok(total >= 1 && total <= 20, `429 count ${total} in ${verdict}`);
  assert.match(await readFile(join(dir, 'report.md'), 'utf8'), new RegExp(`\\| ${CAPPED} \\| \\d+ \\|`));
});
