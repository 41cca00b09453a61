/** The lab's command line: every flag, its defaults, and one clear line for a bad one. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FlagError } from '../../src/errors.ts';
import { parseLabFlags } from '../../src/flags.ts';
import { DEFAULT_CONTROL_PORT } from '../../src/topology.ts';

describe('parseLabFlags', { timeout: 5000 }, () => {
  test('no flags: defaults', () => {
    assert.deepEqual(parseLabFlags([]), {
      runDir: undefined,
      timeScale: undefined,
      deterministic: false,
      seed: undefined,
      zeroDelay: false,
      configFile: undefined,
      quirks: false,
      controlPort: DEFAULT_CONTROL_PORT,
      generators: 0,
    });
  });

  test('every flag', () => {
    const f = parseLabFlags([
      '--run-dir',
      '/tmp/x',
      '--time-scale',
      '0.5',
      '--deterministic',
      '--seed',
      '7',
      '--zero-delay',
      '--config',
      'lab.json',
      '--quirks',
      '--control-port',
      '0',
      '--generators',
      '3',
    ]);
    assert.deepEqual(f, {
      runDir: '/tmp/x',
      timeScale: 0.5,
      deterministic: true,
      seed: 7,
      zeroDelay: true,
      configFile: 'lab.json',
      quirks: true,
      controlPort: 0,
      generators: 3,
    });
  });

  test('bad values and unknown flags: one line naming the flag', () => {
    const bad: [string[], RegExp][] = [
      [['--time-scale', 'fast'], /--time-scale: 'fast' is not a non-negative number/],
      [['--time-scale', '-1'], /--time-scale/],
      [['--seed', '1.5'], /--seed: '1.5' is not a non-negative integer/],
      [['--control-port', '70000'], /--control-port: must be at most 65535/],
      [['--control-port', ''], /--control-port/],
      [['--bogus'], /bogus/],
      [['extra'], /extra|positional/i],
    ];
    for (const [argv, re] of bad) {
      assert.throws(
        () => parseLabFlags(argv),
        (e: unknown) => e instanceof FlagError && re.test(e.message) && !e.message.includes('\n'),
        argv.join(' '),
      );
    }
  });
});
