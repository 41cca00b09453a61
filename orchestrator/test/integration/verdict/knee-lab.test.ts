// test-needs: lab
/**
 * The capacity knee against the lab, where it is known: the lab's chat model runs `chatParallel` turns at once
 * and queues the rest, each for exactly `chatMs` in deterministic mode. With 4 slots of 150 ms and no think
 * time, up to 4 users answer in ~150 ms and from 5 on turns queue (~300 ms), so `p(95)<250` must hold through
 * the ramp's stage to 4 users and break in the stage to 8 (a last stage holds 8, so the 8th VU runs).
 * Each holding stage has ~100 turns: enough for the 0.95 bound on p95 (59). loadgate must name those stages.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectPath } from '../../../src/paths.ts';
import { runCli } from '../../helpers/cli.ts';
import { startLabPatiently } from '../../../../lab/test/helpers/lab.ts';

const PROFILES = `default: knee
profiles:
  knee:
    description: a short ramp of chat users over the lab's 4 model slots, to find the knee
    scenarios:
      - scenario: chat
        executor:
          type: ramping-vus
          startVUs: 3
          stages:
            - { duration: 6s, target: 3 }
            - { duration: 6s, target: 4 }
            - { duration: 6s, target: 8 }
            - { duration: 3s, target: 8 }
        params: { turns: 5, thinkTimeMs: 0 }
`;

const CHAT_THRESHOLDS = `scenario: chat
criteria:
  - metric: chat_turn_duration
    expression: p(95)<250
    severity: strict
  - metric: chat_failed
    expression: rate<0.01
    severity: strict
`;

test('a ramp over the lab’s model slots: capacity 4 users (stage 2), the knee at 8 (stage 3)', { timeout: 180_000 }, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-knee-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'profiles.yaml'), PROFILES);
  const thresholds = join(dir, 'thresholds');
  await cp(projectPath('thresholds'), thresholds, { recursive: true });
  await writeFile(join(thresholds, 'chat.yaml'), CHAT_THRESHOLDS);
  await writeFile(join(dir, 'lab.json'), JSON.stringify({ autobot: { chatMs: 150, chatParallel: 4 } }));
  // The run reuses a lab that answers: this one, with the known parallelism.
  const lab = await startLabPatiently({ deterministic: true, configFile: join(dir, 'lab.json'), runDir: join(dir, 'lab') });
  t.after(() => lab.stop());
  const results = join(dir, 'results');
  const r = await runCli(
    ['run', '--profiles', join(dir, 'profiles.yaml'), '--thresholds', thresholds, '--profile', 'knee', '--results-dir', results],
    { timeout: 150_000 },
  );
  // The whole run's p95 fails (the last stage queues): FAIL, with the capacity on the console.
  assert.equal(r.exitCode, 1, `${r.stdout}\n${r.stderr}`);
  assert.match(
    r.stdout,
    /^capacity: chat holds chat_turn_duration p\(95\)<250 and chat_failed rate<0\.01 up to 4 VUs \(.*\); at 8 VUs p\(95\) /m,
  );
  const runDir = (await readdir(results)).find((e) => e !== 'latest') ?? '';
  const verdict: unknown = JSON.parse(await readFile(join(results, runDir, 'verdict.json'), 'utf8'));
  assert.ok(typeof verdict === 'object' && verdict !== null && 'scenarios' in verdict && Array.isArray(verdict.scenarios));
  const chat: unknown = verdict.scenarios[0];
  assert.ok(typeof chat === 'object' && chat !== null && 'capacity' in chat);
  assert.deepEqual(chat.capacity && typeof chat.capacity === 'object' && 'holds' in chat.capacity ? chat.capacity.holds : undefined, {
    stage: 2,
    target: 4,
  });
  assert.deepEqual(chat.capacity && typeof chat.capacity === 'object' && 'breaks' in chat.capacity ? chat.capacity.breaks : undefined, {
    stage: 3,
    target: 8,
    decision: 'fail',
  });
  const md = await readFile(join(results, runDir, 'report.md'), 'utf8');
  assert.match(md, /\*\*Capacity:\*\* chat holds .* up to 4 VUs/);
});
