import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maxGenerators, segmentFlags, segmentLoad, segments, share, sharedIterations } from '../../../src/plan/segments.ts';

describe('segments', () => {
  it('writes equal segments and the one sequence every instance must get', () => {
    assert.deepEqual(
      segments(3).map((s) => s.value),
      ['0:1/3', '1/3:2/3', '2/3:1'],
    );
    assert.ok(segments(3).every((s) => s.sequence === '0,1/3,2/3,1'));
    assert.deepEqual(segments(1)[0]?.value, '0:1');
    assert.deepEqual(segmentFlags(segments(2)[1]!), ['--execution-segment', '1/2:1', '--execution-segment-sequence', '0,1/2,1']);
    assert.throws(() => segments(0), RangeError);
  });

  it('splits VUs as k6 v2.2.0 does (measured: 50/3 → 17/17/16, 10/6 → 2/2/2/2/1/1, 5/3 → 2/2/1)', () => {
    assert.deepEqual(
      segments(3).map((s) => share(50, s)),
      [17, 17, 16],
    );
    assert.deepEqual(
      segments(6).map((s) => share(10, s)),
      [2, 2, 2, 2, 1, 1],
    );
    assert.deepEqual(
      segments(3).map((s) => share(5, s)),
      [2, 2, 1],
    );
  });

  it("gives shared-iterations segments their VUs' iterations (measured with k6 v2.2.0)", () => {
    const measured: Array<[number, number, number[]]> = [
      [4, 20, [10, 5, 5]],
      [3, 10, [4, 3, 3]],
      [5, 20, [8, 8, 4]],
      [2, 20, [10, 10, 0]],
      [6, 20, [7, 7, 6]],
    ];
    for (const [vus, iterations, expected] of measured) {
      assert.deepEqual(
        segments(3).map((s) => sharedIterations(vus, iterations, s)),
        expected,
        `${vus} VUs, ${iterations} iterations`,
      );
    }
  });

  it('says what each executor gives a segment, and how many generators it can feed', () => {
    const [first, , third] = segments(3);
    assert.deepEqual(segmentLoad({ type: 'per-vu-iterations', vus: 5, iterations: 2, maxDuration: '1m' }, third!), {
      vus: 1,
      iterations: 2,
    });
    assert.deepEqual(segmentLoad({ type: 'constant-vus', vus: 50, duration: '1m' }, first!), { vus: 17 });
    assert.deepEqual(
      segmentLoad({ type: 'constant-arrival-rate', rate: 30, timeUnit: '1s', duration: '1m', preAllocatedVUs: 6, maxVUs: 9 }, first!),
      { vus: 2, rate: 10 },
    );
    assert.equal(maxGenerators({ type: 'shared-iterations', vus: 10, iterations: 4, maxDuration: '1m' }), 4);
    assert.equal(maxGenerators({ type: 'ramping-vus', startVUs: 0, stages: [{ duration: '1m', target: 3 }] }), 3);
    assert.equal(
      maxGenerators({ type: 'constant-arrival-rate', rate: 30, timeUnit: '1s', duration: '1m', preAllocatedVUs: 2, maxVUs: 7 }),
      2,
    );
  });
});
