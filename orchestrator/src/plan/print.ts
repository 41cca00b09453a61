/**
 * What `loadgate plan` shows: every scenario's targets, executor, load, duration, criteria — as text for
 * people or as JSON for machines, with every secret redacted in both.
 */
import { executorLoad, executorMs } from '../config/duration.ts';
import { redact, redactValue } from '../safety/redact.ts';
import { evidenceWarnings } from './evidence.ts';
import { hasExecutor } from './load-shape.ts';
import type { CriterionPlan, ExecutorPlan, GeneratorPlan, RunPlan, ScenarioPlan, SegmentPlan } from './types.ts';

const seconds = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`);

function criterionLine(c: CriterionPlan): string {
  const flags = [
    c.strict ? 'strict' : 'advisory',
    c.source,
    ...(c.abortOnFail ? [`abortOnFail${c.delayAbortEval ? ` after ${c.delayAbortEval}` : ''}`] : []),
    ...(c.window ? [`window ${c.window.written}: ${c.window.fromMs / 1000}–${c.window.toMs / 1000} s`] : []),
  ];
  const decided = c.confidence === null ? 'point value' : `confidence ${c.confidence}`;
  return `      ${c.selector} ${c.expression}  [${flags.join(', ')}]  ${c.file}:${c.line}  (${decided})`;
}

function scenarioLines(s: ScenarioPlan): string[] {
  const params = Object.entries(s.params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  const lines = [`  ${s.id}  (${s.engine} ${s.scenario}, timeout ${seconds(s.timeoutMs)})`];
  if (hasExecutor(s)) {
    for (const [role, t] of Object.entries(s.targets)) lines.push(`    target ${role}: ${t.baseUrl}  (${t.vm}/${t.service})`);
    if (s.apiKey !== undefined) lines.push(`    api key: ${s.apiKey}`);
    if (s.canary) lines.push(`    canary: GET ${s.canary.url}`);
    lines.push(`    executor: ${s.executor.type}: ${executorLoad(s.executor)} (up to ${seconds(executorMs(s.executor))})`);
    if (!onThisMachineAlone(s.segments)) lines.push(`    generators: ${s.segments.map((seg) => segmentText(seg, s.executor)).join(' · ')}`);
  } else {
    if (s.redis) {
      const r = s.redis;
      lines.push(
        `    redis: ${r.tls ? 'rediss' : 'redis'}://${r.host}:${r.port}/${r.db} (${r.dbName}${r.password !== undefined ? ', AUTH' : ', no AUTH'})`,
      );
    }
    for (const c of s.checks ?? []) {
      const how = c.http
        ? `${c.http.method} ${c.tls ? 'https' : 'http'}://${c.host}:${c.port}${c.http.path} → ${c.http.expectStatus.join('|')}`
        : c.kind === 'redis'
          ? `PING ${c.host}:${c.port}`
          : `connect ${c.host}:${c.port}`;
      lines.push(`    check ${c.vm}/${c.service}: ${how}${c.critical ? '  (critical)' : ''}`);
    }
  }
  if (params !== '') lines.push(`    params: ${params}`);
  lines.push('    criteria:', ...s.criteria.map(criterionLine));
  return lines;
}

/** The whole scenario on this machine: what every plan was before generators, printed as it was then. */
const onThisMachineAlone = (segments: readonly SegmentPlan[]): boolean => segments.length === 1 && segments[0]?.generator === 'local';

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** `gen-1 0:1/3 17 VUs`, with the iterations or the rate (per the executor's timeUnit) where the executor fixes them. */
function segmentText(seg: SegmentPlan, e: ExecutorPlan): string {
  const unit = 'timeUnit' in e ? e.timeUnit : '';
  const extra = [
    ...(seg.load.iterations !== undefined ? [`${seg.load.iterations} iterations`] : []),
    ...(seg.load.rate !== undefined ? [`${e.type === 'ramping-arrival-rate' ? 'peak ' : ''}${round2(seg.load.rate)} per ${unit}`] : []),
  ];
  return `${seg.generator} ${seg.segment.value} ${seg.load.vus} VUs${extra.length > 0 ? `, ${extra.join(', ')}` : ''}`;
}

function generatorText(g: GeneratorPlan): string {
  if (g.kind === 'local') return 'local (this machine)';
  const k6 = 'copy' in g.k6 ? 'k6 copied' : `k6 ${g.k6.path}`;
  return `${g.name} ${g.user}@${g.host}:${g.port} (${k6}${g.cores !== undefined ? `, ${g.cores} cores` : ''})`;
}

/** The plan as text, one line per fact; secrets redacted. */
export function formatPlan(plan: RunPlan): string {
  const head = [
    `profile ${plan.profile}: ${plan.scenarios.length} scenario(s)${plan.rounds > 1 ? `, ${plan.rounds} rounds with ${seconds(plan.pauseMs)} pauses` : ''}`,
    `inventory ${plan.inventory.name} (${plan.inventory.file})${plan.inventory.lab ? ' — the lab: a run starts it' : ''}`,
    `thresholds ${plan.thresholdsDir}`,
    ...(plan.generators.every((g) => g.kind === 'local') ? [] : [`generators ${plan.generators.map(generatorText).join(', ')}`]),
    'nothing was sent: this is a plan',
    ...evidenceWarnings(plan).map((w) => `warning: ${w}`),
    '',
  ];
  return redact([...head, ...plan.scenarios.flatMap(scenarioLines)].join('\n'), plan.secrets);
}

/** The plan as JSON-able data with every secret redacted (the `secrets` list itself is dropped). */
export function redactedPlan(plan: RunPlan): unknown {
  const { secrets, ...rest } = plan;
  return redactValue(rest, secrets);
}
