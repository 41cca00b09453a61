/**
 * docs/lab.md is tested against the code: its table of latency defaults against defaultConfig(), its list of
 * control routes against lab/src/control.ts, its fault table against the fault kinds, its topology table
 * against topology.ts, its exit-code table against errors.ts.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultConfig } from '../../src/config.ts';
import { LAB_EXIT } from '../../src/errors.ts';
import { parseFault } from '../../src/faults.ts';
import { SERVICES, REDIS_ENDPOINT, VM_ADDRESSES, CONTROL_HOST, DEFAULT_CONTROL_PORT } from '../../src/topology.ts';

// Table cells are read trimmed (`| a | b |`): the Markdown formatter pads them to align the columns.
const doc = readFileSync(fileURLToPath(new URL('../../../docs/lab.md', import.meta.url)), 'utf8')
  .split('\n')
  .map((line) => (line.startsWith('|') ? line.replace(/ *\| */g, ' | ').trim() : line))
  .join('\n');
const controlSource = readFileSync(fileURLToPath(new URL('../../src/control.ts', import.meta.url)), 'utf8');

/** `| \`autobot.chatMs\` | 3000 | 300 | …` rows of the defaults table. */
function defaultsTable(text: string): Map<string, [number, number]> {
  const rows = new Map<string, [number, number]>();
  for (const m of text.matchAll(/^\| `(autobot|afirgen)\.(\w+)` \| ([\d.]+) \| ([\d.]+) \|/gm)) {
    rows.set(`${m[1]}.${m[2]}`, [Number(m[3]), Number(m[4])]);
  }
  return rows;
}

/** Every setting with its value at scale 1.0 and at the default scale. */
function codeDefaults(): Map<string, [number, number]> {
  const one = defaultConfig(1);
  const def = defaultConfig();
  const out = new Map<string, [number, number]>();
  const groups: [string, Record<string, number>, Record<string, number>][] = [
    ['autobot', one.autobot, def.autobot],
    ['afirgen', one.afirgen, def.afirgen],
  ];
  for (const [name, atOne, atDefault] of groups) {
    for (const [k, v] of Object.entries(atOne)) out.set(`${name}.${k}`, [v, atDefault[k] ?? Number.NaN]);
  }
  return out;
}

/** `METHOD /path` pairs the control endpoint routes (`/faults/{id}` for the regex route). */
function controlRoutes(source: string): string[] {
  const routes = [...source.matchAll(/method === '([A-Z]+)' && path === '([^']+)'/g)].map((m) => `${m[1]} ${m[2]}`);
  if (/method === 'DELETE' && one\?\.\[1\]/.test(source)) routes.push('DELETE /faults/{id}');
  return routes;
}

describe('docs/lab.md against the code', { timeout: 5000 }, () => {
  test('the latency defaults table lists every setting with its code value', () => {
    assert.deepEqual([...defaultsTable(doc).entries()].sort(), [...codeDefaults().entries()].sort());
  });

  test('negative: a wrong default or a missing row is noticed', () => {
    const wrong = doc.replace('| `autobot.chatMs` | 3000 | 300 |', '| `autobot.chatMs` | 3000 | 250 |');
    assert.notDeepEqual([...defaultsTable(wrong).entries()].sort(), [...codeDefaults().entries()].sort());
    const missing = doc.replace(/^\| `afirgen\.sigma`.*$/m, '');
    assert.notDeepEqual([...defaultsTable(missing).entries()].sort(), [...codeDefaults().entries()].sort());
  });

  test('every control route is documented, with a curl example against the control port', () => {
    const routes = controlRoutes(controlSource);
    assert.ok(routes.length >= 10, `found ${routes.length} routes in control.ts`);
    for (const r of routes) assert.ok(doc.includes(`| \`${r}\` |`), `docs/lab.md has no row for ${r}`);
    const base = `http://${CONTROL_HOST}:${DEFAULT_CONTROL_PORT}`;
    for (const r of routes) {
      const [method, path] = r.split(' ');
      const pathPrefix = (path ?? '').replace('{id}', '');
      const curl = doc
        .split('\n')
        .find(
          (l) =>
            l.startsWith('curl ') &&
            l.includes(`${base}${pathPrefix}`) &&
            (method === 'GET' ? !l.includes(' -X ') : l.includes(`-X ${method}`)),
        );
      assert.ok(curl, `no curl example for ${r}`);
    }
  });

  test('every fault kind has a row, and each documented example fault parses', () => {
    for (const kind of ['latency', 'error-rate', 'down', 'blackhole', 'stall', 'degraded', 'redis-slow', 'redis-pause']) {
      assert.ok(doc.includes(`| \`${kind}\` |`), `no row for ${kind}`);
    }
    assert.throws(() => parseFault({ kind: 'not-documented' }));
    for (const m of doc.matchAll(/-d '(\{"kind"[^']*\})'/g)) {
      const example: unknown = JSON.parse(m[1] ?? '');
      assert.doesNotThrow(() => parseFault(example), m[1]);
    }
  });

  test('the topology table matches topology.ts', () => {
    for (const s of SERVICES) {
      const row = new RegExp(`^\\| ${s.vm} \\| ${s.host.replaceAll('.', '\\.')} \\| ${s.port} \\|`, 'm');
      assert.match(doc, row, `${s.name}`);
    }
    assert.match(doc, new RegExp(`^\\| redis \\| ${VM_ADDRESSES.redis.replaceAll('.', '\\.')} \\| ${REDIS_ENDPOINT.port} \\|`, 'm'));
  });

  test('the exit-code table lists exactly the codes of lab/src/errors.ts', () => {
    const documented = (text: string): number[] => [...text.matchAll(/^\| (\d+) \| /gm)].map((m) => Number(m[1])).sort();
    const codes = Object.values(LAB_EXIT).sort();
    assert.deepEqual(documented(doc), codes);
    assert.notDeepEqual(documented(doc.replace(/^\| 3 \| /m, '| 4 | ')), codes, 'a wrong code is noticed');
  });
});
