import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { K6Api, parseStatus } from '../../../../src/engines/k6/remote/k6-rest.ts';
import { envLines } from '../../../../src/engines/k6/remote/remote-k6.ts';
import { LoopbackRefusedError } from '../../../../src/errors.ts';

describe('remote k6', () => {
  it("parses k6's status answer and refuses one without data.attributes", () => {
    const body = {
      data: {
        type: 'status',
        id: 'default',
        attributes: { status: 4, paused: true, vus: 0, 'vus-max': 1, stopped: false, running: false, tainted: false },
      },
    };
    assert.deepEqual(parseStatus(body), { status: 4, vus: 0, paused: true, running: false, stopped: false, tainted: false });
    assert.throws(() => parseStatus({ data: {} }), /no data\.attributes/);
    assert.throws(() => parseStatus({ data: { attributes: { status: '4', vus: 0 } } }), /'status' is not a number/);
  });

  it('sends the environment as lines ended by a marker, refusing what a line cannot carry', () => {
    assert.equal(envLines({ A: '1', B_2: 'x y=z' }), 'A=1\nB_2=x y=z\n--end-env--\n');
    assert.throws(() => envLines({ A: 'one\ntwo' }), /line break/);
    assert.throws(() => envLines({ 'A-B': '1' }), /cannot be sent/);
  });

  it('reaches the REST API only on loopback under the guard', () => {
    assert.throws(() => new K6Api('192.0.2.5', 6565, { LOADGATE_LOOPBACK_ONLY: '1' }), LoopbackRefusedError);
    assert.equal(new K6Api('127.0.0.1', 6565, { LOADGATE_LOOPBACK_ONLY: '1' }).base, 'http://127.0.0.1:6565');
  });
});
