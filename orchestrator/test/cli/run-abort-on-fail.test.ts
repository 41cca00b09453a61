// test-needs: lab
/**
 * An abortOnFail threshold that fired is the system failing, not loadgate breaking (docs/verdict.md): a real
 * chat run against the lab with every chat turn failing trips thresholds/chat.yaml's
 * `http_req_failed rate<0.5 abortOnFail: true` once its 10 s delay is over, k6 stops early (k6 v2.2.0 exits 99
 * for it), and the gate says FAIL (exit 1) naming that criterion — not ERROR, and not INVALID for the load it
 * cut short or for chat_turn_duration, which no failed turn ever recorded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.ts';
import { startLab } from '../../src/lab/process.ts';
import { LabControl } from '../../src/lab/control.ts';
import { loadVerdict } from '../../src/verdict/load.ts';

test('chat with every turn failing: abortOnFail stops k6, verdict FAIL (exit 1) naming the criterion', { timeout: 180_000 }, async (t) => {
  const results = await mkdtemp(join(tmpdir(), 'loadgate-abort-'));
  const lab = await startLab({ runDir: join(results, 'lab') });
  t.after(async () => {
    await lab.stop();
    await rm(results, { recursive: true, force: true });
  });
  // Only the chat route fails: preflight and the canary (/api/health) still answer, so the run gets going.
  await new LabControl(lab.controlUrl).setFault({ kind: 'error-rate', rate: 1, service: 'autobot-backend', route: 'POST /api/chat' });
  // 60 s of chat, far longer than the 10 s delayAbortEval: only the threshold can end it early.
  const r = await runCli(
    ['run', '--profile', 'smoke', '--scenario', 'chat', '--set', 'chat.executor.duration=60s', '--results-dir', results],
    {
      timeout: 170_000,
    },
  );
  assert.equal(r.exitCode, 1, `${r.stdout}\n${r.stderr}`);
  // The criterion leads the verdict line; the failure breakdown follows it among the reasons ("(+N more)").
  assert.match(r.stdout, /verdict: FAIL \(exit 1\) — chat: http_req_failed rate<0\.5 observed (1|0\.\d+)( \(\+\d+ more\))?$/m);

  const runs = (await readdir(results)).filter((e) => e !== 'latest' && e !== 'lab');
  assert.equal(runs.length, 1, runs.join(', '));
  const verdict = await loadVerdict(join(results, runs[0] ?? ''));
  assert.equal(verdict.status, 'FAIL');
  const chat = verdict.scenarios.find((s) => s.name === 'chat');
  assert.match(JSON.stringify(chat?.details), /"exitCode":(99|108),"outcome":"(thresholds-failed|script-aborted)"/);
  assert.equal(chat?.status, 'failed');
  assert.equal(chat?.errors.length, 0, chat?.errors.join('\n'));
  assert.equal(chat?.criteria.find((c) => c.selector === 'http_req_failed')?.ok, false);
  assert.ok(
    chat?.reasons.some((x) => /http_req_failed rate<0\.5 observed (1|0\.\d+)$/.test(x)),
    chat?.reasons.join('\n'),
  );
  // k6 stopped well before the planned 60 s: it was the threshold that ended it.
  const seconds = (Date.parse(chat?.finishedAt ?? '') - Date.parse(chat?.startedAt ?? '')) / 1000;
  assert.ok(seconds < 50, `k6 ran ${seconds} s of a planned 60 s`);
});
