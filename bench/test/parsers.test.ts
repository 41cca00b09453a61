/**
 * The bench's pure pieces: what it reads from tools' output and how it pairs requests. No network, no
 * children. Run with `node --import tsx --test bench/test/*.test.ts`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GroundTruthRecord } from '../../orchestrator/src/lab/control.ts';
import { isoToEpochMs } from '../lib/k6-points.ts';
import { parseGnuTime, parseProcStat } from '../lib/proc.ts';
import { check, renderTable } from '../lib/report.ts';
import { k6DurationSeconds } from '../sections/overhead.ts';
import { parseRedisBenchmarkCsv } from '../sections/redis.ts';
import { allowedErrorMs, pairOffsets } from '../sections/truth.ts';

describe('k6DurationSeconds', () => {
  it('reads the units profiles use', () => {
    assert.equal(k6DurationSeconds('45s'), 45);
    assert.equal(k6DurationSeconds('1m30s'), 90);
    assert.equal(k6DurationSeconds('500ms'), 0.5);
    assert.equal(k6DurationSeconds('2h'), 7200);
  });
  it('refuses what is not a duration', () => {
    assert.equal(k6DurationSeconds('45'), undefined);
    assert.equal(k6DurationSeconds('soon'), undefined);
  });
});

describe('parseRedisBenchmarkCsv', () => {
  it('reads one row per test by column name', () => {
    const csv = `"test","rps","avg_latency_ms","p50_latency_ms","p99_latency_ms"\n"SET","97087.38","0.573","0.495","1.751"\n"GET","105263.16","0.515","0.463","2.367"\n`;
    const t = parseRedisBenchmarkCsv(csv);
    assert.equal(t.get('SET')?.['rps'], 97087.38);
    assert.equal(t.get('GET')?.['p99_latency_ms'], 2.367);
    assert.equal(t.get('LPUSH'), undefined);
  });
});

describe('process figures', () => {
  it('reads /proc/<pid>/stat after a command name with spaces and parentheses', () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 3));
    const stat = `123 (k6 (x) y) ${fields.join(' ')}`;
    assert.deepEqual(parseProcStat(stat), { ppid: 4, cpuTicks: 14 + 15, childTicks: 16 + 17, rssPages: 24 });
  });
  it("reads GNU time's last figures line", () => {
    assert.deepEqual(parseGnuTime('Command exited with non-zero status 1\n1.50 0.25 10240\n'), {
      cpuSeconds: 1.75,
      maxRssBytes: 10240 * 1024,
    });
    assert.equal(parseGnuTime('garbage'), undefined);
  });
});

describe('isoToEpochMs', () => {
  it('keeps the sub-millisecond part of k6 timestamps', () => {
    assert.equal(isoToEpochMs('2026-11-23T11:48:21.204483733Z'), Date.parse('2026-11-23T11:48:21Z') + 204.483733);
    assert.equal(isoToEpochMs('2026-11-23T11:48:21Z'), Date.parse('2026-11-23T11:48:21Z'));
    assert.equal(isoToEpochMs('yesterday'), undefined);
  });
});

describe('measurement truth', () => {
  const rec = (startMs: number, serviceTimeMs: number): GroundTruthRecord => ({
    seq: 0,
    service: 'autobot-backend',
    vm: 'main',
    method: 'POST',
    route: '/api/chat',
    status: 200,
    queueWaitMs: 0,
    serviceTimeMs,
    startMs,
  });
  it('allows max(1 ms, 1 %)', () => {
    assert.equal(allowedErrorMs(50), 1);
    assert.equal(allowedErrorMs(250), 2.5);
  });
  it('pairs by start order, whatever order the records come in', () => {
    const ours = [
      { startMs: 1000, durationMs: 51 },
      { startMs: 1010, durationMs: 52 },
      { startMs: 1020, durationMs: 60 },
    ];
    const truth = [rec(1020.5, 50), rec(1000.2, 50.5), rec(1010.3, 51)];
    const p = pairOffsets(ours, truth);
    assert.equal(p?.n, 3);
    assert.ok(p && Math.abs(p.durationOffset[0] - 1) < 1e-9, `median offset ${String(p?.durationOffset[0])}`);
    assert.ok(p && Math.abs(p.wayIn[0] - 0.3) < 1e-9);
  });
  it('does not pair when the counts differ (another run used the lab)', () => {
    assert.equal(pairOffsets([{ startMs: 1, durationMs: 1 }], [rec(1, 1), rec(2, 1)]), undefined);
  });
});

describe('report', () => {
  it('has no data rather than a pass when the figure is missing', () => {
    assert.equal(check('x', '< 5 s', undefined, undefined).status, 'no data');
    assert.equal(check('x', '< 5 s', '6 s', false).status, 'missed');
  });
  it('escapes pipes inside cells', () => {
    assert.match(renderTable({ columns: ['a'], rows: [['x | y']] }), /x \\\| y/);
  });
});
