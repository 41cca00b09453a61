import { test } from 'node:test';
import assert from 'node:assert/strict';
import { preflightReason } from '../../../../src/engines/k6/preflight-reason.ts';

// Recorded from k6 v2.2.0: setup() called exec.test.abort() with a marked message holding quotes.
const RECORDED =
  'time="2026-12-01T12:04:40Z" level=error msg="test aborted: loadgate-preflight: AFIRGen \\"x\\" is not usable: GET /health answered 200 status=unhealthy"';

test('the marked abort message comes back as the reason, Go quoting undone', () => {
  assert.equal(preflightReason(`some line\n${RECORDED}\n`), 'AFIRGen "x" is not usable: GET /health answered 200 status=unhealthy');
});

test('an abort without the mark, a console line with it, or no abort at all is not a preflight reason', () => {
  assert.equal(preflightReason('time="t" level=error msg="test aborted: something else"'), undefined);
  assert.equal(preflightReason('time="t" level=warning msg="loadgate-preflight: not an abort" source=console'), undefined);
  assert.equal(preflightReason(''), undefined);
});
