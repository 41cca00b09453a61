import { test } from 'node:test';
import assert from 'node:assert/strict';
import dns from 'node:dns';
import net from 'node:net';
import { isLoopbackAddress, isLoopbackHost } from '../../../src/safety/loopback.ts';
import { productionHost } from '../../helpers/production.ts';

test('loopback addresses are allowed', () => {
  for (const h of ['127.0.0.1', '127.0.0.20', '127.255.255.254', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])
    assert.equal(isLoopbackHost(h), true, h);
});

// A URL spells an IPv4-mapped host in hex (`new URL('http://[::ffff:127.0.0.20]/').hostname` is
// `[::ffff:7f00:14]`): the canary judged that spelling non-loopback after preflight had connected to it.
test('an address is judged as the address it is, whatever its spelling', () => {
  const mapped = new URL('http://[::ffff:127.0.0.20]:8000/health').hostname;
  assert.equal(mapped, '[::ffff:7f00:14]');
  for (const a of [mapped, '::ffff:7f00:14', '0:0:0:0:0:ffff:7f00:1', '::ffff:127.255.255.255', '0::1'])
    assert.equal(isLoopbackAddress(a), true, a);
  for (const a of [
    '::ffff:a00:1',
    '::ffff:128.0.0.1',
    '::127.0.0.1',
    '::7f00:1',
    'fe80::1',
    'fc00::1',
    '::ffff:0.0.0.0',
    '::ffff:7f:1',
    'fe80::1%lo',
  ])
    assert.equal(isLoopbackAddress(a), false, a);
});

// Strings to classify, never targets. The production host comes from vm-inventory.yaml; the other examples are
// documentation addresses (RFC 5737, RFC 3849) that no network routes, names, and the edges of 127/8. And while
// they are classified, every socket connect and DNS lookup of this process is trapped: the classification must
// be pure, so even a classifier that tried to resolve or reach a host could not send a packet from here.
test('everything else is refused, names included, without a connect or a lookup', (t) => {
  const connect = t.mock.method(net.Socket.prototype, 'connect', () => {
    throw new Error('the loopback classifier opened a socket');
  });
  const lookup = t.mock.method(dns, 'lookup', () => {
    throw new Error('the loopback classifier resolved a name');
  });
  const refused = [
    productionHost('main'),
    '192.0.2.1',
    '198.51.100.7',
    '2001:db8::1',
    '0.0.0.0',
    '::',
    '128.0.0.1',
    'example.com',
    'redis',
    '',
  ];
  for (const h of refused) assert.equal(isLoopbackHost(h), false, h);
  assert.equal(connect.mock.callCount(), 0);
  assert.equal(lookup.mock.callCount(), 0);
});
