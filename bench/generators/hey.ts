/**
 * hey (Debian): a Go HTTP load generator. Its `-q` is a rate limit per worker, so the fixed-rate row runs
 * W workers at rate/W each (each worker waits for its previous answer: closed-loop pacing like wrk's). hey
 * sends the same body every time, so all its requests share one uuid4 session id (the lab's conversation
 * list for it grows; reads stay at the last 20 messages).
 */
import { randomUUID } from 'node:crypto';
import { execa } from 'execa';
import { which } from '../../orchestrator/src/toolchain.ts';
import { measure } from '../lib/proc.ts';
import type { Generator, GeneratorRun, LoadShape, Target } from './types.ts';
import { chatBody, runTimeoutMs, targetUrl } from './types.ts';

const RATE_WORKERS = 20;

export interface HeyFigures {
  totalSeconds: number | undefined;
  responses: number;
  non2xx: number;
  errors: number;
  p50Ms: number | undefined;
  p99Ms: number | undefined;
}

/** Parses hey's text report (Summary, Latency distribution, Status code and Error distributions). */
export function parseHey(text: string): HeyFigures {
  const seconds = (re: RegExp): number | undefined => {
    const m = re.exec(text);
    return m?.[1] === undefined ? undefined : Number(m[1]);
  };
  let responses = 0;
  let non2xx = 0;
  for (const m of text.matchAll(/^\s*\[(\d{3})\]\s+(\d+) responses/gm)) {
    const n = Number(m[2]);
    responses += n;
    if (!m[1]?.startsWith('2')) non2xx += n;
  }
  let errors = 0;
  const errSection = text.split('Error distribution:')[1] ?? '';
  for (const m of errSection.matchAll(/^\s*\[(\d+)\]\s/gm)) errors += Number(m[1]);
  const p = (pct: number): number | undefined => {
    const s = seconds(new RegExp(`^\\s*${pct}% in ([\\d.]+) secs`, 'm'));
    return s === undefined ? undefined : s * 1000;
  };
  return { totalSeconds: seconds(/^\s*Total:\s+([\d.]+) secs/m), responses, non2xx, errors, p50Ms: p(50), p99Ms: p(99) };
}

export const heyGenerator: Generator = {
  name: 'hey',
  rateNote: `-q per worker (${RATE_WORKERS} workers × rate/${RATE_WORKERS}, closed loop)`,
  endpoints: ['chat', 'health'],
  async unavailable() {
    return (await which('hey')) ? undefined : 'hey not installed (Debian package `hey`; apt-get needs root)';
  },
  version() {
    // hey has no --version; Debian's package version says which it is.
    return execa('dpkg-query', ['-W', '-f', '${Version}', 'hey'], { reject: false, timeout: 5000 }).then((r) =>
      r.exitCode === 0 ? r.stdout : '?',
    );
  },
  async run(shape: LoadShape, target: Target): Promise<GeneratorRun> {
    const workers = shape.kind === 'rate' ? RATE_WORKERS : shape.connections;
    const args = [
      '-z',
      `${shape.seconds}s`,
      '-c',
      String(workers),
      ...(shape.kind === 'rate' ? ['-q', String(shape.rate / workers)] : []),
      ...(target.endpoint === 'chat' ? ['-m', 'POST', '-T', 'application/json', '-d', chatBody(randomUUID())] : ['-m', 'GET']),
      targetUrl(target),
    ];
    const m = await measure({ bin: 'hey', args, timeoutMs: runTimeoutMs(shape) });
    const f = parseHey(m.stdout);
    const notes = m.timedOut ? ['hit its time limit'] : [];
    if (f.totalSeconds === undefined) notes.push(`no figures from hey (exit ${String(m.exitCode)}): ${m.stderr.slice(0, 200)}`);
    return {
      requests: f.responses + f.errors,
      errors: f.non2xx + f.errors,
      seconds: f.totalSeconds ?? shape.seconds,
      p50Ms: f.p50Ms,
      p99Ms: f.p99Ms,
      cpuSeconds: m.cpuSeconds,
      peakRssBytes: m.peakRssBytes,
      notes,
    };
  },
};
