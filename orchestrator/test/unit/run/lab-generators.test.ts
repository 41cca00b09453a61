import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLabGenerators } from '../../../src/run/lab-generators.ts';

test("the lab's generators file: parsed, not cast; a missing field is named", () => {
  const entry = { name: 'gen-1', host: '127.0.0.31', port: 2222, user: 'root', identityFile: '/i', knownHosts: '/k', workdir: '/w' };
  assert.deepEqual(parseLabGenerators(JSON.stringify([entry]), '/k6'), [{ kind: 'ssh', ...entry, k6: { path: '/k6' } }]);
  assert.throws(() => parseLabGenerators(JSON.stringify([{ ...entry, user: 1 }]), '/k6'), /entry 0 has no 'user'/);
  assert.throws(() => parseLabGenerators('[]', '/k6'), /lists no host/);
  assert.throws(() => parseLabGenerators('{', '/k6'), /is not JSON/);
});
