import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoopbackHost } from '../../../src/safety/loopback.ts';

test('loopback addresses are allowed', () => {
  for (const h of ['127.0.0.1', '127.0.0.20', '127.255.255.254', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])
    assert.equal(isLoopbackHost(h), true, h);
});

// Plain strings to classify: no test ever connects to any of them.
test('everything else is refused, names included (resolving them would send a packet)', () => {
  for (const h of ['172.16.168.20', '10.0.0.1', '192.168.1.1', '8.8.8.8', '0.0.0.0', '::', 'example.com', 'redis', '128.0.0.1', ''])
    assert.equal(isLoopbackHost(h), false, h);
});
