/**
 * Seeded randomness and delay sampling. Realistic mode draws each model delay from a lognormal around its
 * median (a long right tail, like LLM latency); deterministic mode returns the median itself, so a client can
 * check its measurements against the configured value; zero-delay mode returns 0 for capacity benchmarks.
 */
export type Rng = () => number;

/** mulberry32: tiny, fast, good enough for simulation, and reproducible from a 32-bit seed. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function standardNormal(rng: Rng): number {
  // Box–Muller; 1 - u keeps log() away from 0.
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export type DelayMode = 'realistic' | 'deterministic' | 'zero';

export interface DelaySampler {
  sample(medianMs: number, sigma: number, maxMs?: number): number;
}

export function delaySampler(mode: DelayMode, rng: Rng): DelaySampler {
  return {
    sample(medianMs, sigma, maxMs = medianMs * 6) {
      if (mode === 'zero' || medianMs <= 0) return 0;
      if (mode === 'deterministic' || sigma <= 0) return medianMs;
      return Math.min(maxMs, medianMs * Math.exp(sigma * standardNormal(rng)));
    },
  };
}
