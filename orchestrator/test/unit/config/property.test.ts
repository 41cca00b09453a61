/**
 * Property: whatever a user does to the real files (delete, duplicate or swap lines, change characters,
 * cut the file short), loading never crashes — it returns a plan or a ConfigError whose every problem is
 * located — the equivalent of exit 0 or 2. In-process, on a temp copy, about 100 runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadPlan } from '../../../src/config/load.ts';
import { ConfigError } from '../../../src/errors.ts';
import { copyConfig } from './fixture.ts';

type Mutation =
  | { kind: 'delete-line'; at: number }
  | { kind: 'duplicate-line'; at: number }
  | { kind: 'swap-lines'; at: number; with: number }
  | { kind: 'replace-char'; at: number; char: string }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap-lines' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({
    kind: fc.constant('replace-char' as const),
    at: fc.nat(),
    char: fc.constantFrom(':', '-', ' ', '{', '"', '\t', '#', 'x', '9', '\0', '&', '*', '\n'),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom('  bogus: 1\n', '- x\n', '${NOPE}', ': :', '[', '0', 'p(95)<<2', 'port: -1\n'),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function apply(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const li = (n: number): number => n % Math.max(lines.length, 1);
  const ci = (n: number): number => n % Math.max(text.length, 1);
  switch (m.kind) {
    case 'delete-line':
      lines.splice(li(m.at), 1);
      return lines.join('\n');
    case 'duplicate-line':
      lines.splice(li(m.at), 0, lines[li(m.at)] ?? '');
      return lines.join('\n');
    case 'swap-lines': {
      const a = li(m.at);
      const b = li(m.with);
      [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? ''];
      return lines.join('\n');
    }
    case 'replace-char':
      return text.slice(0, ci(m.at)) + m.char + text.slice(ci(m.at) + 1);
    case 'insert':
      return text.slice(0, ci(m.at)) + m.text + text.slice(ci(m.at));
    case 'truncate':
      return text.slice(0, ci(m.at));
  }
}

test('mutating the real files never crashes loading; every problem is located', { timeout: 60_000 }, async () => {
  const c = await copyConfig();
  try {
    const files = [
      c.inventory,
      c.profilesFile,
      ...['chat', 'cross-vm', 'fir-concurrency', 'redis'].map((s) => join(c.thresholdsDir, `${s}.yaml`)),
    ];
    const originals = new Map(await Promise.all(files.map(async (f) => [f, await readFile(f, 'utf8')] as const)));
    let failures = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...files), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (file, mutations) => {
        const original = originals.get(file) ?? '';
        await writeFile(file, mutations.reduce(apply, original));
        try {
          await loadPlan(c.options({ profile: 'smoke', forRun: true, env: { LOADGATE_LOOPBACK_ONLY: '1' } }));
        } catch (err) {
          if (!(err instanceof ConfigError)) throw err; // anything else would be exit 5: a crash
          failures += 1;
          assert.ok(err.problems.length > 0);
          for (const p of err.problems) {
            assert.ok(p.file !== '' && p.line >= 1 && p.col >= 1, `unlocated: ${JSON.stringify(p)}`);
            assert.ok(!p.message.includes('\n'), `one line per problem: ${JSON.stringify(p.message)}`);
          }
        } finally {
          await writeFile(file, original);
        }
      }),
      { numRuns: 100, seed: Number(process.env['FC_SEED'] ?? 4242) },
    );
    assert.ok(failures > 20, `mutations should mostly break something (broke ${failures})`);
  } finally {
    await c.cleanup();
  }
});
