/**
 * Names are checked after resolution: a run resolves each target name once (pinHosts), every address is
 * classified, and the senders are judged by — and connect to — the pinned address. The resolver is injected:
 * no DNS is asked, and the non-loopback answers (RFC 5737 documentation addresses) are never connected to.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { assertLoopbackTargets, pinHosts, type Resolver } from '../../../src/safety/loopback.ts';
import { LoopbackRefusedError } from '../../../src/errors.ts';
import { buildK6Options } from '../../../src/engines/k6/options.ts';
import { preflight } from '../../../src/run/preflight.ts';
import { LOCAL_GENERATOR, type RunPlan } from '../../../src/plan/types.ts';
import { firPlan } from '../engines/k6/plan-fixture.ts';

const GUARD = { LOADGATE_LOOPBACK_ONLY: '1' };
const answering =
  (map: Record<string, string[]>, asked: string[] = []): Resolver =>
  (name) => {
    asked.push(name);
    return Promise.resolve(map[name] ?? []);
  };

test('localhost resolving to a non-loopback address is refused before anything is sent', async () => {
  await assert.rejects(pinHosts(['127.0.0.20', 'localhost'], GUARD, answering({ localhost: ['192.0.2.10'] })), (err: unknown) => {
    assert.ok(err instanceof LoopbackRefusedError);
    assert.equal(err.exitCode, 2);
    assert.equal(err.message, 'localhost resolves to non-loopback 192.0.2.10: refused by LOADGATE_LOOPBACK_ONLY=1; nothing was sent');
    return true;
  });
  // One private answer among loopback ones is enough: which one a later lookup returns is not ours to choose.
  await assert.rejects(pinHosts(['localhost'], GUARD, answering({ localhost: ['127.0.0.1', '2001:db8::1'] })), /2001:db8::1/);
});

test('names are resolved once, literals never; the first address is the pin', async () => {
  const asked: string[] = [];
  const pins = await pinHosts(
    ['localhost', '127.0.0.20', '[::1]', 'localhost'],
    GUARD,
    answering({ localhost: ['127.0.0.1', '::1'] }, asked),
  );
  assert.deepEqual(pins, { localhost: '127.0.0.1' });
  assert.deepEqual(asked, ['localhost']);
  await assert.rejects(pinHosts(['nowhere'], GUARD, answering({})), /nowhere resolves to no address/);
});

test('a sender is judged by the address it connects to, not by the name', () => {
  assert.throws(() => assertLoopbackTargets('k6 fir-single', ['localhost'], GUARD, { localhost: '192.0.2.10' }), LoopbackRefusedError);
  assert.doesNotThrow(() => assertLoopbackTargets('k6 fir-single', ['localhost'], GUARD, { localhost: '127.0.0.1' }));
});

test("k6 is pinned through options.json's hosts: only the plan's target names", () => {
  const target = { vm: 'main', service: 'afirgen', host: 'localhost', port: 9, tls: false, baseUrl: 'http://localhost:9' };
  const plan = firPlan({ targets: { afirgen: target } });
  assert.deepEqual(buildK6Options(plan, 'r', { localhost: '127.0.0.1', other: '127.0.0.2' }).hosts, { localhost: '127.0.0.1' });
  assert.equal(buildK6Options(firPlan(), 'r', {}).hosts, undefined);
});

test('preflight connects to the pinned address (a name no resolver knows still reaches its pin)', async (t) => {
  let connections = 0;
  const server = createServer((s) => {
    connections++;
    s.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.address() as AddressInfo).port;
  const host = 'afirgen.invalid';
  const scenario = firPlan({
    targets: { afirgen: { vm: 'main', service: 'afirgen', host, port, tls: false, baseUrl: `http://${host}:${port}` } },
  });
  const plan: RunPlan = {
    profile: 'p',
    inventory: { file: 'i.yaml', name: 'i', lab: false },
    thresholdsDir: 't',
    rounds: 1,
    pauseMs: 0,
    scenarios: [scenario],
    generators: [LOCAL_GENERATOR],
    secrets: [],
  };
  await preflight(plan, 2000, GUARD, { [host]: '127.0.0.1' });
  assert.equal(connections, 1);
  await assert.rejects(preflight(plan, 2000, GUARD, { [host]: '192.0.2.10' }), LoopbackRefusedError);
  assert.equal(connections, 1);
});
