// test-needs: lab
/**
 * Windows and constant-rate saturation against the lab, with real k6 (deterministic lab: each chat turn takes
 * exactly `chatMs` once it has one of `chatParallel` slots; the rest queue FIFO).
 *  - A window excludes a deliberately slow start: every backend answer is held 1 s by a latency fault until the
 *    lab has answered a few requests, then the fault is cleared. `max<500` fails on the whole run (the slow
 *    start is in it) and holds in a window from 8 s: the window's samples alone decide.
 *  - A constant arrival rate twice what the lab serves (40/s over 2 slots of 100 ms: 20/s), 30 VUs at most: the
 *    queue grows after the warm-up, the pool runs dry, k6 drops iterations. The target saturated, not the
 *    generator: FAIL on the latency criterion, not INVALID, with the attribution line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectPath } from '../../../src/paths.ts';
import { runCli } from '../../helpers/cli.ts';
import { startLabPatiently } from '../../../../lab/test/helpers/lab.ts';

const CONTROL = 'http://127.0.0.20:8099';

async function setup(name: string, profiles: string, file: string, thresholdsText: string, lab: object) {
  const dir = await mkdtemp(join(tmpdir(), `loadgate-${name}-`));
  await writeFile(join(dir, 'profiles.yaml'), profiles);
  const thresholds = join(dir, 'thresholds');
  await cp(projectPath('thresholds'), thresholds, { recursive: true });
  await writeFile(join(thresholds, file), thresholdsText);
  await writeFile(join(dir, 'lab.json'), JSON.stringify(lab));
  return { dir, thresholds, results: join(dir, 'results') };
}

async function verdictOf(results: string): Promise<string> {
  const runDir = (await readdir(results)).find((e) => e !== 'latest') ?? '';
  return readFile(join(results, runDir, 'verdict.json'), 'utf8');
}

/** Answered requests so far, from the lab's ground truth. */
async function answered(): Promise<number> {
  const r = await fetch(`${CONTROL}/ground-truth?limit=1000`);
  const body: unknown = await r.json();
  return typeof body === 'object' && body !== null && 'records' in body && Array.isArray(body.records) ? body.records.length : 0;
}

test(
  'a window from 8 s excludes a deliberately slow start: max<500 fails on the whole run, holds in the window',
  { timeout: 240_000 },
  async (t) => {
    const profiles = `default: w
profiles:
  w:
    description: two chat users for 15 s, the first answers held 1 s
    scenarios:
      - scenario: chat
        executor: { type: constant-vus, vus: 2, duration: 15s }
        params: { turns: 5, thinkTimeMs: 0 }
`;
    const chat = `scenario: chat
criteria:
  - metric: chat_turn_duration
    expression: max<500
    severity: strict
    window: { from: 8s, to: 15s }
  - metric: chat_turn_duration
    expression: max<500
    severity: advisory
`;
    const s = await setup('window', profiles, 'chat.yaml', chat, {
      autobot: { chatMs: 50, chatParallel: 4 },
    });
    t.after(() => rm(s.dir, { recursive: true, force: true }));
    const lab = await startLabPatiently({
      deterministic: true,
      configFile: join(s.dir, 'lab.json'),
      runDir: join(s.dir, 'lab'),
      readyTimeoutMs: 60_000,
    });
    t.after(() => lab.stop());
    // After the lab is up (its readiness check must not wait behind the fault): every backend answer held 1 s.
    const added = await fetch(`${CONTROL}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'latency', ms: 1000, service: 'autobot-backend' }),
    });
    assert.ok(added.ok, `POST /faults: ${added.status}`);
    const before = await answered();
    const run = runCli(
      ['run', '--profiles', join(s.dir, 'profiles.yaml'), '--thresholds', s.thresholds, '--profile', 'w', '--results-dir', s.results],
      {
        timeout: 200_000,
      },
    );
    // Clear the fault once the run has had a few slow answers (bounded: 600 polls of 100 ms).
    for (let i = 0; i < 600 && (await answered()) < before + 8; i++) await new Promise((r) => setTimeout(r, 100));
    await fetch(`${CONTROL}/faults`, { method: 'DELETE' });
    const r = await run;
    assert.equal(r.exitCode, 0, `${r.stdout}\n${r.stderr}`);
    const text = JSON.stringify(JSON.parse(await verdictOf(s.results)));
    // The windowed criterion passed on the window's samples; the whole run's advisory one saw the slow start.
    assert.match(text, /"window":\{"written":"8–15 s","from":8,"to":15,"fromTime":"[^"]+","toTime":"[^"]+","n":\d+\}/);
    assert.match(r.stdout + r.stderr + text, /chat_turn_duration max<500 observed 1\d{3}(\.\d+)? ms/);
    const md = await readFile(join(s.results, (await readdir(s.results)).find((e) => e !== 'latest') ?? '', 'report.md'), 'utf8');
    assert.match(md, /window 8–15 s, n = [\d,]+/);
  },
);

test(
  'a constant arrival rate over the lab’s capacity, few VUs: the target saturated — FAIL, not INVALID',
  { timeout: 240_000 },
  async (t) => {
    const profiles = `default: c
profiles:
  c:
    description: 40 chat turns a second against 2 slots of 100 ms, at most 30 VUs
    scenarios:
      - scenario: chat-open
        executor: { type: constant-arrival-rate, rate: 40, timeUnit: 1s, duration: 10s, preAllocatedVUs: 30, maxVUs: 30 }
        params: { turns: 1 }
`;
    const chatOpen = `scenario: chat-open
criteria:
  - metric: chat_turn_duration
    expression: p(95)<500
    severity: strict
  - metric: chat_failed
    expression: rate<0.01
    severity: strict
`;
    const s = await setup('rate', profiles, 'chat-open.yaml', chatOpen, { autobot: { chatMs: 100, chatParallel: 2 } });
    t.after(() => rm(s.dir, { recursive: true, force: true }));
    const lab = await startLabPatiently({
      deterministic: true,
      configFile: join(s.dir, 'lab.json'),
      runDir: join(s.dir, 'lab'),
      readyTimeoutMs: 60_000,
    });
    t.after(() => lab.stop());
    const r = await runCli(
      ['run', '--profiles', join(s.dir, 'profiles.yaml'), '--thresholds', s.thresholds, '--profile', 'c', '--results-dir', s.results],
      {
        timeout: 200_000,
      },
    );
    assert.equal(r.exitCode, 1, `${r.stdout}\n${r.stderr}`);
    const text = await verdictOf(s.results);
    assert.match(text, /"status": "FAIL"/);
    assert.match(text, /"by": "target"/);
    assert.match(r.stdout, /chat_turn_duration p\(95\)<500 observed/);
    assert.match(
      text,
      /chat-open: the target saturated, not the generator: \d+ iterations dropped .* from 1 s on \(after the warm-up, at 40 iterations\/s\), \d+ of 30 VUs reached, chat_turn_duration averaging \d+ ms there against \d+ ms in the warm-up \(its first 1 s\), the generator's CPU at [\d.]+ %/,
    );
  },
);
