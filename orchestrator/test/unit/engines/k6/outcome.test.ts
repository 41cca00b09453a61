import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outcomeErrors, outcomeOf } from '../../../../src/engines/k6/outcome.ts';

const end = (exitCode: number | null, signal: string | null = null) => ({ exitCode, signal, spawnFailed: false });

test('exit codes map to outcomes', () => {
  const cases: Array<[number | null, string]> = [
    [0, 'ok'],
    [99, 'thresholds-failed'],
    [100, 'setup-timeout'],
    [104, 'invalid-config'],
    [105, 'external-abort'],
    [107, 'script-error'],
    [108, 'script-aborted'],
    [109, 'crashed'],
    [110, 'marked-failed'],
    [1, 'crashed'],
    [null, 'crashed'],
  ];
  for (const [code, outcome] of cases) assert.equal(outcomeOf(end(code, code === null ? 'SIGSEGV' : null)), outcome, String(code));
  assert.equal(outcomeOf({ ...end(null, null), spawnFailed: true }), 'not-started');
  assert.equal(outcomeOf({ ...end(105), stoppedBy: 'timeout' }), 'timeout');
  assert.equal(outcomeOf({ ...end(null, 'SIGKILL'), stoppedBy: 'abort' }), 'external-abort');
});

test('the exit code is cross-checked against the summary', () => {
  const failed = [{ selector: 'http_req_duration', expression: 'p(95)<1', ok: false }];
  const ok = [{ selector: 'http_req_duration', expression: 'p(95)<1', ok: true }];
  assert.deepEqual(outcomeErrors('ok', end(0), ok, true), []);
  assert.match(outcomeErrors('ok', end(0), failed, true).join(), /exited 0 but/);
  assert.deepEqual(outcomeErrors('thresholds-failed', end(99), failed, true), []);
  assert.match(outcomeErrors('thresholds-failed', end(99), ok, true).join(), /marks no threshold failed/);
  assert.match(outcomeErrors('ok', end(0), [], false).join(), /without writing its summary/);
  assert.match(outcomeErrors('crashed', end(null, 'SIGSEGV'), [], false).join(), /crashed \(signal SIGSEGV\)/);
});
