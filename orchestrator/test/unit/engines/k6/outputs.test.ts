import assert from 'node:assert/strict';
import { test } from 'node:test';
import { remoteEnv, segmentArgs } from '../../../../src/engines/k6/distributed.ts';
import { commandLine } from '../../../../src/engines/k6/env.ts';
import { outputArgs, outputEnv } from '../../../../src/engines/k6/outputs.ts';
import { prepareK6 } from '../../../../src/engines/k6/prepare.ts';
import type { RunOutputs } from '../../../../src/engines/engine.ts';
import { placeOn } from '../../../../src/plan/segments.ts';
import { firPlan } from './plan-fixture.ts';

const TOKEN = 'Bearer t0ken-9931';
const outputs: RunOutputs = {
  profile: 'smoke',
  outputs: [
    { type: 'prometheus-rw', url: 'http://127.0.0.1:9090/api/v1/write', headers: { Authorization: TOKEN }, from: '--out 1' },
    { type: 'opentelemetry', url: 'http://127.0.0.1:4318', headers: { 'X-Scope-OrgID': 'team-a' }, from: '--out 2' },
  ],
};

test('without outputs a k6 command line is exactly as before: no extra flag, no extra variable', () => {
  assert.deepEqual(outputArgs(undefined, { runId: 'r', scenario: 's', generator: 'local' }), []);
  assert.deepEqual(outputArgs({ outputs: [], profile: 'load' }, { runId: 'r', scenario: 's', generator: 'local' }), []);
  assert.deepEqual(outputEnv(undefined), {});
  const prep = prepareK6(firPlan(), { runId: 'r1', runDir: '/tmp/r', env: {}, interactive: false });
  assert.equal(prep.args.filter((a) => a === '--out').length, 1);
  assert.ok(!Object.keys(prep.env).some((k) => k.startsWith('K6_PROMETHEUS') || k.startsWith('K6_OTEL') || k.startsWith('OTEL_')));
});

test("a local k6 keeps loadgate's json output and adds each output with the profile and generator tags", () => {
  const prep = prepareK6(firPlan(), { runId: 'r1', runDir: '/tmp/r', env: {}, interactive: false, outputs });
  const outs = prep.args.flatMap((a, i) => (a === '--out' ? [prep.args[i + 1]] : []));
  assert.deepEqual(outs, ['json=/tmp/r/k6/fir-single/samples.json.gz', 'experimental-prometheus-rw', 'opentelemetry']);
  const tags = prep.args.flatMap((a, i) => (a === '--tag' ? [prep.args[i + 1]] : []));
  // k6's --tag replaces options.json's tags: run_id and scenario are repeated on the command line.
  assert.deepEqual(tags, ['run_id=r1', 'scenario=fir-single', 'profile=smoke', 'generator=local']);
  assert.equal(prep.env['K6_PROMETHEUS_RW_SERVER_URL'], 'http://127.0.0.1:9090/api/v1/write');
  assert.equal(prep.env['K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM'], 'true');
  assert.equal(prep.env['K6_PROMETHEUS_RW_HEADERS_Authorization'], TOKEN);
  assert.equal(prep.env['K6_OTEL_EXPORTER_PROTOCOL'], 'http/protobuf');
  assert.equal(prep.env['K6_OTEL_HTTP_EXPORTER_ENDPOINT'], '127.0.0.1:4318');
  assert.equal(prep.env['K6_OTEL_HTTP_EXPORTER_URL_PATH'], '/v1/metrics');
  assert.equal(prep.env['K6_OTEL_HTTP_EXPORTER_INSECURE'], 'true');
  assert.equal(prep.env['K6_OTEL_HEADERS'], 'X-Scope-OrgID=team-a');
  assert.equal(prep.env['OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION'], 'base2_exponential_bucket_histogram');
  // The header value is a secret: command.txt never shows it.
  const line = commandLine(prep.env, 'k6', prep.args, prep.secrets);
  assert.ok(!line.includes('t0ken-9931'), line);
  assert.match(line, /K6_PROMETHEUS_RW_HEADERS_Authorization=/);
});

test('an https OTLP endpoint with its own path: no insecure flag, the path kept', () => {
  const env = outputEnv({
    profile: 'p',
    outputs: [{ type: 'opentelemetry', url: 'https://otel.example:4318/otlp/v1/metrics', headers: {}, from: 'x' }],
  });
  assert.equal(env['K6_OTEL_HTTP_EXPORTER_ENDPOINT'], 'otel.example:4318');
  assert.equal(env['K6_OTEL_HTTP_EXPORTER_URL_PATH'], '/otlp/v1/metrics');
  assert.equal(env['K6_OTEL_HTTP_EXPORTER_INSECURE'], undefined);
});

test('every distributed instance streams too: its outputs and the profile tag beside its own generator tag, its env carries the config', () => {
  const [, second] = placeOn({ type: 'constant-vus', vus: 4, duration: '1s' }, ['a', 'b']);
  assert.ok(second);
  const args = segmentArgs(second, { runId: 'r1', scenario: 'chat' }, outputs);
  assert.deepEqual(
    args.flatMap((a, i) => (a === '--out' || a === '--tag' ? [`${a} ${args[i + 1] ?? ''}`] : [])),
    [
      '--tag run_id=r1',
      '--tag scenario=chat',
      '--tag generator=b',
      '--tag profile=smoke',
      '--out json=samples.json.gz',
      '--out experimental-prometheus-rw',
      '--out opentelemetry',
    ],
  );
  const prep = prepareK6(firPlan(), { runId: 'r1', runDir: '/tmp/r', env: {}, interactive: false, outputs });
  assert.equal(remoteEnv(prep.env)['K6_PROMETHEUS_RW_SERVER_URL'], 'http://127.0.0.1:9090/api/v1/write');
});
