import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closeGenerators, type ReadyGenerator } from '../../../../src/engines/k6/remote/generators.ts';
import { SshHost, type ExecResult } from '../../../../src/generators/ssh.ts';
import type { GeneratorPlan } from '../../../../src/plan/types.ts';

const plan: Extract<GeneratorPlan, { kind: 'ssh' }> = {
  kind: 'ssh',
  name: 'gen-2',
  host: '127.0.0.32',
  port: 2222,
  user: 'loadgate',
  knownHosts: '/nonexistent/known_hosts',
  workdir: '/tmp/work',
  k6: { copy: true },
};

/** A host whose commands answer from a script, recording them; nothing is connected. */
class ScriptedHost extends SshHost {
  readonly commands: string[] = [];
  closed = false;
  constructor(private readonly answers: ExecResult[]) {
    super(plan, {});
  }
  override exec(command: string): Promise<ExecResult> {
    this.commands.push(command);
    return Promise.resolve(this.answers.shift() ?? { exitCode: 0, stdout: '', stderr: '', timedOut: false });
  }
  override close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

const ready = (host: SshHost): ReadyGenerator => ({
  name: plan.name,
  plan,
  host,
  k6: '/tmp/work/.k6/x/k6',
  k6Version: 'v2.2.0',
  cores: 2,
  clock: { offsetMs: 0, rttMs: 1 },
  runDir: '/tmp/work/run-1',
});

const notEmpty: ExecResult = {
  exitCode: 1,
  stdout: '',
  stderr: "rm: cannot remove '/tmp/work/run-1/chat': Directory not empty\n",
  timedOut: false,
};

test('closing a generator removes its run directory, trying again after a failure, and says so when it cannot', async () => {
  const flaky = new ScriptedHost([notEmpty]);
  assert.deepEqual(await closeGenerators([ready(flaky)]), []);
  assert.deepEqual(flaky.commands, ['rm -rf /tmp/work/run-1', 'rm -rf /tmp/work/run-1']);
  assert.equal(flaky.closed, true);

  const stuck = new ScriptedHost([notEmpty, notEmpty, notEmpty]);
  assert.deepEqual(await closeGenerators([ready(stuck)]), [
    "generator gen-2 (loadgate@127.0.0.32:2222): its run directory /tmp/work/run-1 could not be removed (rm: cannot remove '/tmp/work/run-1/chat': Directory not empty); remove it by hand",
  ]);
  assert.equal(stuck.commands.length, 3, 'bounded: three tries');
  assert.equal(stuck.closed, true, 'the connection ends all the same');

  const kept = new ScriptedHost([]);
  assert.deepEqual(await closeGenerators([ready(kept)], true), []);
  assert.deepEqual(kept.commands, [], '--keep-remote: nothing removed');
});

test('closing waits for work deferred on the connection (a scenario directory removed in the background)', async () => {
  const host = new ScriptedHost([]);
  const order: string[] = [];
  host.defer(new Promise((r) => setTimeout(r, 50)).then(() => order.push('deferred removal')));
  host.defer(Promise.reject(new Error('a deferred failure is not thrown')));
  await closeGenerators([ready(host)]);
  order.push('closed');
  assert.deepEqual(order, ['deferred removal', 'closed']);
});
