/**
 * The tags every loadgate request and custom sample carries. `scenario` (the plan's scenario id) and
 * `run_id` are global tags set in options.json by the runner; `step` and `vm` are per request, added here.
 * `name` is k6's own request-name tag, so URLs with ids (`/fir/FIR-…`) group into one series.
 * Pure: no `k6` import.
 */
export interface RequestTags {
  [key: string]: string;
  step: string;
  vm: string;
  name: string;
}

export function requestTags(step: string, vm: string, name: string): RequestTags {
  return { step, vm, name };
}

/** Tags for a custom metric sample of one step (no `name`: it is not a request). */
export function stepTags(step: string, vm: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, step, vm };
}
