/**
 * What `loadgate plan` shows: every scenario's targets, executor, load, duration, criteria — as text for
 * people or as JSON for machines, with every secret redacted in both.
 */
import { executorLoad, executorMs } from '../config/duration.ts';
import { redact, redactValue } from '../safety/redact.ts';
import { evidenceWarnings } from './evidence.ts';
import type { CriterionPlan, RunPlan, ScenarioPlan } from './types.ts';

const seconds = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`);

function criterionLine(c: CriterionPlan): string {
  const flags = [
    c.strict ? 'strict' : 'advisory',
    c.source,
    ...(c.abortOnFail ? [`abortOnFail${c.delayAbortEval ? ` after ${c.delayAbortEval}` : ''}`] : []),
  ];
  const decided = c.confidence === null ? 'point value' : `confidence ${c.confidence}`;
  return `      ${c.selector} ${c.expression}  [${flags.join(', ')}]  ${c.file}:${c.line}  (${decided})`;
}

function scenarioLines(s: ScenarioPlan): string[] {
  const params = Object.entries(s.params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  const lines = [`  ${s.id}  (${s.engine === 'k6' ? `k6 ${s.scenario}` : `probe ${s.scenario}`}, timeout ${seconds(s.timeoutMs)})`];
  if (s.engine === 'k6') {
    for (const [role, t] of Object.entries(s.targets)) lines.push(`    target ${role}: ${t.baseUrl}  (${t.vm}/${t.service})`);
    if (s.apiKey !== undefined) lines.push(`    api key: ${s.apiKey}`);
    if (s.canary) lines.push(`    canary: GET ${s.canary.url}`);
    lines.push(`    executor: ${s.executor.type}: ${executorLoad(s.executor)} (up to ${seconds(executorMs(s.executor))})`);
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

/** The plan as text, one line per fact; secrets redacted. */
export function formatPlan(plan: RunPlan): string {
  const head = [
    `profile ${plan.profile}: ${plan.scenarios.length} scenario(s)${plan.rounds > 1 ? `, ${plan.rounds} rounds with ${seconds(plan.pauseMs)} pauses` : ''}`,
    `inventory ${plan.inventory.name} (${plan.inventory.file})${plan.inventory.lab ? ' — the lab: a run starts it' : ''}`,
    `thresholds ${plan.thresholdsDir}`,
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
