/**
 * IPv6 literal hosts are refused at configuration, under the guard or not, with one located line: before,
 * `[::1]` passed and then failed preflight with ENOTFOUND, and `::ffff:127.0.0.20` passed config and preflight
 * and was refused by the canary (exit 2, "nothing was sent", no verdict).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyConfig, problemsOf } from './fixture.ts';

for (const host of ['[::1]', '::1', '::ffff:127.0.0.20', '[::ffff:127.0.0.20]', '::ffff:7f00:14'])
  for (const guard of [false, true])
    test(`host '${host}' ${guard ? 'under the guard' : 'without it'}: one problem at /vms/0/host`, async () => {
      const c = await copyConfig();
      try {
        await c.edit(c.inventory, (t) => t.replace('host: 127.0.0.20', `host: '${host}'`));
        const problems = await problemsOf(c.options(guard ? { env: { LOADGATE_LOOPBACK_ONLY: '1' }, forRun: true } : {}));
        const atHost = problems.filter((p) => p.path === '/vms/0/host');
        assert.equal(atHost.length, 1, JSON.stringify(problems));
        assert.equal(
          atHost[0]?.message,
          `'${host}' is an IPv6 address: not supported, use an IPv4 address or a host name such as localhost`,
        );
        assert.ok(atHost[0] !== undefined && atHost[0].line > 1, 'located at its line');
      } finally {
        await c.cleanup();
      }
    });
