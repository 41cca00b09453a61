/**
 * autocannon (npm, installed into bench/.peers by the bench itself): Node's HTTP/1.1 benchmarking tool.
 * Fixed rate with `--overallRate` (its own pacing across connections, closed loop per connection). Same
 * body every request, so one session id, like hey. Figures from its `--json` result.
 */
import { randomUUID } from 'node:crypto';
import { measure } from '../lib/proc.ts';
import { peerBin, peerVersion, PEERS_DIR } from '../lib/peers.ts';
import { num, parseToolJson } from '../lib/parse.ts';
import type { Generator, GeneratorRun, LoadShape, Target } from './types.ts';
import { chatBody, runTimeoutMs, targetUrl } from './types.ts';

const RATE_CONNECTIONS = 20;

export const autocannonGenerator: Generator = {
  name: 'autocannon',
  rateNote: `--overallRate (${RATE_CONNECTIONS} connections, closed loop)`,
  endpoints: ['chat', 'health'],
  async unavailable() {
    return (await peerBin('autocannon')) ? undefined : `autocannon not installed in ${PEERS_DIR} (npm install failed; see the bench log)`;
  },
  version() {
    return peerVersion('autocannon');
  },
  async run(shape: LoadShape, target: Target): Promise<GeneratorRun> {
    const bin = await peerBin('autocannon');
    if (!bin) throw new Error('autocannon is not installed');
    const connections = shape.kind === 'rate' ? RATE_CONNECTIONS : shape.connections;
    const args = ['--json', '-c', String(connections), '-d', String(shape.seconds)];
    if (target.endpoint === 'chat') args.push('-m', 'POST', '-H', 'Content-Type=application/json', '-b', chatBody(randomUUID()));
    if (shape.kind === 'rate') args.push('--overallRate', String(shape.rate));
    args.push(targetUrl(target));
    const m = await measure({ bin, args, timeoutMs: runTimeoutMs(shape) });
    const j = parseToolJson(m.stdout.trim().split('\n').at(-1) ?? '', '');
    const notes = m.timedOut ? ['hit its time limit'] : [];
    if (!j) notes.push(`no figures from autocannon (exit ${String(m.exitCode)}): ${m.stderr.slice(-200)}`);
    return {
      requests: num(j, 'requests.total') ?? 0,
      errors: (num(j, 'errors') ?? 0) + (num(j, 'non2xx') ?? 0),
      seconds: num(j, 'duration') ?? shape.seconds,
      p50Ms: num(j, 'latency.p50'),
      p99Ms: num(j, 'latency.p99'),
      cpuSeconds: m.cpuSeconds,
      peakRssBytes: m.peakRssBytes,
      notes,
    };
  },
};
