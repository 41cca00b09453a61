/**
 * The run's live metrics outputs on a k6 command line (docs/observability.md): one `--out` per output next to
 * loadgate's own `--out json=…` (always kept: the verdict is recomputed from it), configured through k6's
 * environment variables — k6 v2.2.0 ignores an output's argument — and `profile` / `generator` tags so that one
 * Prometheus tells runs, profiles and generators apart (`run_id` and `scenario` are options.json's tags). Pure.
 */
import type { OutputPlan } from '../../plan/types.ts';
import type { RunOutputs } from '../engine.ts';

/** k6's own name of each output type. */
const K6_OUTPUT: Readonly<Record<OutputPlan['type'], string>> = {
  'prometheus-rw': 'experimental-prometheus-rw',
  opentelemetry: 'opentelemetry',
};

/** The labels of one k6 process's metrics; `generator` absent where the caller sets its own (segmentArgs). */
export interface ProcessLabels {
  runId: string;
  scenario: string;
  generator?: string;
}

/**
 * `--out` flags and the `run_id`, `scenario`, `profile` (and `generator`) tags; nothing at all without outputs, so
 * a run without them is exactly as before. All of them on the command line: k6's `--tag` replaces options.json's
 * `tags` rather than adding to them, so `run_id` and `scenario` are repeated here.
 */
export function outputArgs(o: RunOutputs | undefined, labels: ProcessLabels): string[] {
  if (o === undefined || o.outputs.length === 0) return [];
  const { generator, ...run } = labelTags(labels);
  return [...outputFlags(o), ...tagArgs({ ...run, profile: o.profile, ...(generator === undefined ? {} : { generator }) })];
}

/** Only the `--out` flags of the outputs (a distributed instance sets every tag itself: segmentArgs). */
export function outputFlags(o: RunOutputs | undefined): string[] {
  return (o?.outputs ?? []).flatMap((out) => ['--out', K6_OUTPUT[out.type]]);
}

/** The tags every sample of one k6 process carries, as options.json has them, plus its generator. */
export function labelTags(labels: ProcessLabels): Record<string, string> {
  return {
    run_id: labels.runId,
    scenario: labels.scenario,
    ...(labels.generator === undefined ? {} : { generator: labels.generator }),
  };
}

export function tagArgs(tags: Readonly<Record<string, string>>): string[] {
  return Object.entries(tags).flatMap(([k, v]) => ['--tag', `${k}=${v}`]);
}

/** k6's configuration of each output (header values are secrets: the plan's secrets redact them in command.txt). */
export function outputEnv(o: RunOutputs | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const out of o?.outputs ?? []) Object.assign(env, out.type === 'prometheus-rw' ? remoteWriteEnv(out) : otelEnv(out));
  return env;
}

function remoteWriteEnv(o: OutputPlan): Record<string, string> {
  const env: Record<string, string> = {
    K6_PROMETHEUS_RW_SERVER_URL: o.url,
    // Trends as native histograms: any quantile at query time, not k6's fixed trend stats.
    K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM: 'true',
  };
  for (const [name, value] of Object.entries(o.headers)) env[`K6_PROMETHEUS_RW_HEADERS_${name}`] = value;
  return env;
}

function otelEnv(o: OutputPlan): Record<string, string> {
  const url = new URL(o.url);
  const env: Record<string, string> = {
    K6_OTEL_EXPORTER_PROTOCOL: 'http/protobuf',
    // k6 takes host:port and the path apart; OTLP/HTTP's metrics path when the URL names none.
    K6_OTEL_HTTP_EXPORTER_ENDPOINT: url.host,
    K6_OTEL_HTTP_EXPORTER_URL_PATH: url.pathname === '/' ? '/v1/metrics' : url.pathname,
    // The SDK's default explicit buckets end at 10 s: a slow FIR step would land in +Inf. Read by the OTel SDK.
    OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION: 'base2_exponential_bucket_histogram',
  };
  if (url.protocol === 'http:') env['K6_OTEL_HTTP_EXPORTER_INSECURE'] = 'true';
  const headers = Object.entries(o.headers).map(([k, v]) => `${k}=${v}`);
  if (headers.length > 0) env['K6_OTEL_HEADERS'] = headers.join(',');
  return env;
}

/** The hosts the outputs send to (the loopback guard judges them with the targets). */
export function outputHosts(outputs: readonly OutputPlan[]): string[] {
  return outputs.map((o) => new URL(o.url).hostname);
}
