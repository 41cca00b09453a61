/**
 * The target canary: while a k6 scenario runs, poll the target's cheapest health endpoint once a second
 * and record its latency (canary_duration{vm}) and failures (canary_failed{vm,reason}) in k6's sample
 * format. A target whose event loop stalls under load shows here, even when the scenario's own requests
 * are slow anyway. Polls never overlap (a slow answer delays the next one) and each has a timeout, a
 * fresh connection (agent: false, so keep-alive never hides a connect stall), and ends on stop() or the
 * signal — the loop is bounded by the scenario it watches.
 */
import { mkdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { dirname } from 'node:path';
import { ProbeError } from '../errors.ts';
import { assertLoopbackTargets, pinnedAddress, type HostPins } from '../safety/loopback.ts';
import { withLive, type LiveMetrics } from '../samples/tee.ts';
import { createSampleWriter } from '../samples/writer.ts';
import { classifyError, type Reason } from './reasons.ts';

export interface CanaryOptions {
  url: string;
  vm: string;
  outPath: string;
  /** Period between poll starts; default 1000 ms. */
  intervalMs?: number;
  /** Per-poll timeout; default 5000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The run's pinned addresses for target names (pinHosts): the canary connects to the pin, not a new lookup. */
  pins?: HostPins;
  /** The run's environment (the loopback guard reads LOADGATE_LOOPBACK_ONLY from it). */
  env: NodeJS.ProcessEnv;
  /** The run's live metrics (a remote write): every poll's samples are offered to it too. */
  metrics?: LiveMetrics | undefined;
}

export interface CanaryHandle {
  /** Stops polling (an unfinished poll is dropped), closes the samples file; idempotent. */
  stop(): Promise<{ samples: number; failures: number }>;
}

const DEFAULT_INTERVAL_MS = 1000;
const DEFAULT_TIMEOUT_MS = 5000;

interface Poll {
  done: Promise<{ ms: number; reason?: Reason } | undefined>;
  cancel(): void;
}

function poll(url: URL, address: string, timeoutMs: number): Poll {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const began = performance.now();
  let cancel: () => void = () => undefined;
  const done = new Promise<{ ms: number; reason?: Reason } | undefined>((resolve) => {
    // Connect to the checked address; the URL's name still goes in Host and in TLS's SNI.
    const req = request({
      protocol: url.protocol,
      hostname: address,
      port: url.port,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      agent: false,
      headers: { host: url.host },
      servername: url.hostname.replace(/^\[|\]$/g, ''),
    });
    const finish = (reason?: Reason): void => {
      clearTimeout(timer);
      req.destroy();
      resolve({ ms: performance.now() - began, ...(reason ? { reason } : {}) });
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    cancel = () => {
      clearTimeout(timer);
      req.destroy();
      resolve(undefined);
    };
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      // The latency that matters is the whole answer: read the (small) body to its end.
      res.on('end', () => finish(status >= 200 && status < 300 ? undefined : 'wrong-status'));
      res.on('error', (err) => finish(classifyError(err)));
      res.resume();
    });
    req.on('error', (err) => finish(classifyError(err)));
    req.end();
  });
  return { done, cancel: () => cancel() };
}

export function startCanary(opts: CanaryOptions): CanaryHandle {
  const url = new URL(opts.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ProbeError(`canary: ${opts.url} is not an http(s) URL`);
  const pins = opts.pins ?? {};
  assertLoopbackTargets('canary', [url.hostname], opts.env, pins);
  const address = pinnedAddress(url.hostname, pins).replace(/^\[|\]$/g, '');
  const intervalMs = opts.intervalMs ?? DEFAULT_INTERVAL_MS;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  mkdirSync(dirname(opts.outPath), { recursive: true });
  const writer = withLive(createSampleWriter(opts.outPath), opts.metrics);
  writer.declare('canary_duration', 'trend', 'time');
  writer.declare('canary_failed', 'rate', 'default');

  let stopped = false;
  let samples = 0;
  let failures = 0;
  let current: Poll | undefined;
  let wake: (() => void) | undefined;
  let waitTimer: NodeJS.Timeout | undefined;
  const halt = (): void => {
    stopped = true;
    current?.cancel();
    clearTimeout(waitTimer);
    wake?.();
  };
  opts.signal?.addEventListener('abort', halt, { once: true });

  const loop = async (): Promise<void> => {
    while (!stopped && !opts.signal?.aborted) {
      const began = performance.now();
      current = poll(url, address, timeoutMs);
      const r = await current.done;
      current = undefined;
      if (r === undefined || stopped) break;
      const now = new Date();
      samples++;
      writer.point('canary_duration', r.ms, { vm: opts.vm }, now);
      if (r.reason) failures++;
      writer.point('canary_failed', r.reason ? 1 : 0, r.reason ? { vm: opts.vm, reason: r.reason } : { vm: opts.vm }, now);
      const rest = intervalMs - (performance.now() - began);
      if (rest > 0)
        await new Promise<void>((resolve) => {
          wake = resolve;
          waitTimer = setTimeout(resolve, rest);
        });
      wake = undefined;
    }
  };
  const running = loop();
  let stopping: Promise<{ samples: number; failures: number }> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        halt();
        opts.signal?.removeEventListener('abort', halt);
        await running;
        await writer.close();
        return { samples, failures };
      })();
      return stopping;
    },
  };
}
