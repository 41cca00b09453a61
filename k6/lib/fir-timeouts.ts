/**
 * Per-step request timeouts of the FIR flow. Each defaults *above* the backend's own timeout for that step
 * (contracts/afirgen.md), so a backend 504 is seen as a 504 and not as our own timeout: the summary and
 * narrative calls time out at 60 s server-side and the shared `httpTimeoutMs` (65 s) is above that; the
 * violations, FIR-build and completion calls have no single server-side limit and take the same 65 s;
 * `/process` with an image or an audio file waits for OCR (120 s) or ASR (180 s), so its default is 5 s above
 * the longest that input can take. An explicit per-step value wins. Pure: no `k6` import.
 */
import type { FirInput } from './fir-input.ts';
import type { FirStep } from './fir-protocol.ts';

/** The steps a timeout can be set for, each with its own profile parameter (config/params.ts). */
export type TimedStep = FirStep;

const OCR_BOUND_MS = 125_000; // OCR 120 s + 5 s
const ASR_BOUND_MS = 185_000; // ASR 180 s + 5 s

export function defaultStepTimeoutMs(step: TimedStep, input: FirInput, httpTimeoutMs: number): number {
  if (step !== 'process' || input === 'text') return httpTimeoutMs;
  return Math.max(httpTimeoutMs, input === 'image' ? OCR_BOUND_MS : ASR_BOUND_MS);
}

export type StepTimeouts = Readonly<Record<TimedStep, number>>;

/** Every step's timeout: the explicit value where one was given, else the default above. */
export function stepTimeouts(
  explicit: Readonly<Record<TimedStep, number | undefined>>,
  input: FirInput,
  httpTimeoutMs: number,
): StepTimeouts {
  const t = (s: TimedStep): number => explicit[s] ?? defaultStepTimeoutMs(s, input, httpTimeoutMs);
  return {
    process: t('process'),
    summary: t('summary'),
    violations: t('violations'),
    narrative: t('narrative'),
    fir: t('fir'),
    complete: t('complete'),
  };
}
