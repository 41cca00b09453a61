import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { clock, LiveBoard, rowText } from '../../../src/run/live.ts';
import { plannedLoad } from '../../../src/engines/k6/progress.ts';

// eslint-disable-next-line no-control-regex
const ESC = /\x1b\[[0-9;]*[A-Za-z]/g;

test('rowText: a bar to the planned duration, elapsed/total, VUs, rate, errors, p95', () => {
  assert.equal(
    rowText('k6 chat', 15, 60, { vus: 5, maxVus: 5, iterations: 40, rate: { perSecond: 2.666, unit: 'it/s' }, errors: 1 }, true),
    'k6 chat [#####---------------]  25% 00:15/01:00 iterations 40 VUs 5/5 2.7 it/s errors 1 p95 —',
  );
  // An iterations executor: the bar follows the iteration count, not the clock.
  assert.equal(
    rowText('k6 fir', 30, undefined, { iterations: 3, totalIterations: 4, p95Ms: 1234.5 }, true),
    'k6 fir [###############-----]  75% 00:30/? iterations 3/4 p95 1235 ms',
  );
  assert.equal(rowText('probe redis', 3725, undefined, {}, false), 'probe redis 1:02:05/? p95 —');
  assert.equal(clock(59.9), '00:59');
});

test('plannedLoad and k6 elapsed times', () => {
  assert.deepEqual(plannedLoad({ type: 'constant-vus', vus: 5, duration: '1m30s' }), { seconds: 90, iterations: undefined });
  assert.deepEqual(plannedLoad({ type: 'per-vu-iterations', vus: 3, iterations: 4, maxDuration: '1m' }), {
    seconds: undefined,
    iterations: 12,
  });
  assert.deepEqual(
    plannedLoad({
      type: 'ramping-vus',
      startVUs: 0,
      stages: [
        { duration: '10s', target: 5 },
        { duration: '20s', target: 0 },
      ],
    }),
    { seconds: 30, iterations: undefined },
  );
});

test('on a TTY the board redraws its rows in place, one per running scenario, below the lines that stay', () => {
  let out = '';
  let now = 0;
  const board = new LiveBoard({ write: (t) => (out += t), columns: 200 }, true, () => now);
  board.start('a', 'k6 a', 10);
  now = 5_000;
  board.start('b', 'probe b', undefined);
  board.update('a', { vus: 2 });
  board.line('k6 c: started');
  now = 6_000;
  board.end('b');
  board.close();
  // Each redraw goes up over the rows drawn before and clears them: never a scrolling wall of progress.
  assert.ok(out.includes('\x1b[2A\x1b[J'), 'up two rows, clear below');
  // eslint-disable-next-line no-control-regex
  const frames = out.split(/\r\x1b\[(?:\d+A)?\x1b\[J/).map((f) => f.replace(ESC, ''));
  assert.ok(
    frames.includes('k6 c: started\nk6 a [##########----------]  50% 00:05/00:10 VUs 2 p95 —\nprobe b 00:00/? p95 —\n'),
    frames.join('|'),
  );
  assert.equal(frames.at(-2), 'k6 a [############--------]  60% 00:06/00:10 VUs 2 p95 —\n');
  assert.equal(frames.at(-1), '', 'close clears the board');
});

test('without a TTY: plain lines, a heartbeat per running scenario, no escape code', async () => {
  const lines: string[] = [];
  const board = new LiveBoard({ write: (t) => lines.push(t) }, false, Date.now, 20);
  board.line('k6 a: started');
  board.start('a', 'k6 a', 60);
  board.update('a', { errors: 0 });
  while (!lines.some((l) => l.startsWith('… k6 a'))) await sleep(10);
  board.end('a');
  board.close();
  const count = lines.length;
  await sleep(60);
  assert.equal(lines.length, count, 'no heartbeat after close');
  assert.equal(lines[0], 'k6 a: started\n');
  assert.match(lines.find((l) => l.startsWith('… ')) ?? '', /^… k6 a +\d+% 00:00\/01:00 errors 0 p95 —\n$/);
  assert.ok(lines.every((l) => !l.includes('\x1b')));
});
