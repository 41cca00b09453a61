import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { loadPlan } from '../../../src/config/load.ts';
import { parseOutFlag } from '../../../src/config/outputs.ts';
import { copyConfig, problemsOf, type ConfigCopy } from './fixture.ts';

const OUTPUTS = `outputs:
  - type: prometheus-rw
    url: http://127.0.0.1:9090/api/v1/write
    headers:
      Authorization: \${PROM_AUTH}
`;

describe('outputs: in the inventory and --out', () => {
  let cfg: ConfigCopy;
  before(async () => {
    cfg = await copyConfig();
  });
  after(() => cfg.cleanup());

  it('a run plan has no outputs unless asked for', async () => {
    const plan = await loadPlan(cfg.options());
    assert.equal(plan.outputs, undefined);
  });

  it('--out adds an output in loadgate or k6 spelling, repeatable across types', async () => {
    const plan = await loadPlan(
      cfg.options({ out: ['experimental-prometheus-rw=http://127.0.0.1:9090/api/v1/write', 'opentelemetry=http://127.0.0.1:4318'] }),
    );
    assert.deepEqual(plan.outputs, [
      { type: 'prometheus-rw', url: 'http://127.0.0.1:9090/api/v1/write', headers: {}, from: '--out 1' },
      { type: 'opentelemetry', url: 'http://127.0.0.1:4318', headers: {}, from: '--out 2' },
    ]);
  });

  it('an inventory output resolves its ${ENV} header and the value becomes a secret', async () => {
    await cfg.edit(cfg.inventory, (t) => `${t}\n${OUTPUTS}`);
    try {
      const plan = await loadPlan(cfg.options({ env: { PROM_AUTH: 'Bearer s3cret-token' } }));
      assert.deepEqual(plan.outputs, [
        {
          type: 'prometheus-rw',
          url: 'http://127.0.0.1:9090/api/v1/write',
          headers: { Authorization: 'Bearer s3cret-token' },
          from: 'inventory outputs[0]',
        },
      ]);
      assert.ok(plan.secrets.includes('Bearer s3cret-token'));
      const problems = await problemsOf(cfg.options({ env: {} }));
      assert.ok(problems.some((p) => p.path === '/outputs/0/headers/Authorization' && /PROM_AUTH is not set/.test(p.message)));
      // A second output of the same type: k6 takes one of each through its environment.
      const twice = await problemsOf(cfg.options({ env: { PROM_AUTH: 'x' }, out: ['prometheus-rw=http://127.0.0.1:9091/w'] }));
      assert.match(
        twice[0]?.message ?? '',
        /--out prometheus-rw=.*: a run has one prometheus-rw output, and inventory outputs\[0\] is already one/,
      );
    } finally {
      await cfg.edit(cfg.inventory, (t) => t.replace(`\n${OUTPUTS}`, ''));
    }
  });

  const withInventory = async (extra: string, check: (lineOf: (needle: string) => number) => Promise<void>): Promise<void> => {
    await cfg.edit(cfg.inventory, (t) => `${t}\n${extra}`);
    try {
      const text = (await readFile(cfg.inventory, 'utf8')).split('\n');
      await check((needle) => text.findIndex((l) => l.includes(needle)) + 1);
    } finally {
      await cfg.edit(cfg.inventory, (t) => t.replace(`\n${extra}`, ''));
    }
  };

  it('a literal credential and a URL with a password are refused at file:line:col', () =>
    withInventory(
      `outputs:
  - type: prometheus-rw
    url: http://user:pw@127.0.0.1:9090/api/v1/write
    headers:
      Authorization: Bearer literal
`,
      async (lineOf) => {
        const problems = await problemsOf(cfg.options());
        const url = problems.find((p) => p.path === '/outputs/0/url');
        assert.equal(url?.line, lineOf('user:pw@'));
        assert.match(url?.message ?? '', /carries no credentials/);
        const header = problems.find((p) => p.path === '/outputs/0/headers/Authorization');
        assert.equal(header?.line, lineOf('Bearer literal'));
        assert.match(header?.message ?? '', /literal credential is not allowed/);
        assert.ok(problems.every((p) => p.col > 1));
      },
    ));

  it('an unknown output type is a schema problem at its line', () =>
    withInventory(
      `outputs:
  - type: influxdb
    url: http://127.0.0.1:8086
`,
      async (lineOf) => {
        const problems = await problemsOf(cfg.options());
        assert.ok(
          problems.some((p) => p.path === '/outputs/0/type' && p.line === lineOf('influxdb')),
          JSON.stringify(problems),
        );
      },
    ));

  it('under LOADGATE_LOOPBACK_ONLY=1 a run refuses an output off loopback before anything is sent', async () => {
    const problems = await problemsOf(
      cfg.options({ forRun: true, env: { LOADGATE_LOOPBACK_ONLY: '1' }, out: ['prometheus-rw=http://192.0.2.1:9090/api/v1/write'] }),
    );
    assert.equal(problems.length, 1);
    assert.match(
      problems[0]?.message ?? '',
      /^--out prometheus-rw=http:\/\/192\.0\.2\.1:9090\/api\/v1\/write: non-loopback output 192\.0\.2\.1 refused/,
    );
    // validate/plan (not a run) may name any host: nothing is sent by them.
    const plan = await loadPlan(cfg.options({ env: { LOADGATE_LOOPBACK_ONLY: '1' }, out: ['prometheus-rw=http://192.0.2.1:9090/w'] }));
    assert.equal(plan.outputs?.[0]?.url, 'http://192.0.2.1:9090/w');
  });

  it('--out: an unknown type, no target, a non-http URL', () => {
    assert.match(JSON.stringify(parseOutFlag('statsd=udp://x')), /unknown output type 'statsd'/);
    assert.match(JSON.stringify(parseOutFlag('prometheus-rw')), /expected prometheus-rw=URL/);
    assert.match(JSON.stringify(parseOutFlag('prometheus-rw=')), /expected prometheus-rw=URL/);
    assert.match(JSON.stringify(parseOutFlag('opentelemetry=grpc://127.0.0.1:4317')), /must be an http:\/\/ or https:\/\/ URL/);
    assert.match(JSON.stringify(parseOutFlag('prometheus-rw=not a url')), /is not a URL/);
  });
});
