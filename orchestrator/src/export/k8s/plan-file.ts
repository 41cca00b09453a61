/**
 * loadgate-plan.json: what `loadgate export k8s` planned — the run id, the profile, the parallelism and, per
 * k6 scenario, its plan (executor, params, targets, criteria with their file:line and confidence) and TestRun —
 * so `loadgate verdict` can judge the runners' samples later, on another machine, without the original files.
 * It carries no secret: the API key is dropped and the secrets list is empty. Read back through a schema
 * (parse, don't cast): a file that is not one is a one-line VerdictInputError.
 */
import { Ajv } from 'ajv';
import { VerdictInputError, describeError } from '../../errors.ts';
import type { K6ScenarioPlan, RunPlan } from '../../plan/types.ts';
import { MAX_VERDICT_BYTES, readBoundedText } from '../../safety/run-files.ts';

export const PLAN_FILE = 'loadgate-plan.json';
export const PLAN_KIND = 'loadgate-plan';

export interface PlannedRunner {
  /** The plan's scenario id (the samples' directory under the run id). */
  id: string;
  testRun: string;
  configMap?: string;
}

export interface PlanFile {
  kind: typeof PLAN_KIND;
  schemaVersion: 1;
  runId: string;
  createdAt: string;
  namespace: string;
  parallelism: number;
  image: string;
  tools: { k6: string; loadgate: string };
  plan: RunPlan;
  testRuns: PlannedRunner[];
}

/** Who measures what in a TestRun: only k6 runs there; the canary (loadgate's poller) and derived metrics do not. */
const MEASURED_ON_RUNNERS: ReadonlySet<string> = new Set(['k6']);

/**
 * The plan without anything secret (no API key, no secrets list), one round, and only the criteria the runners'
 * samples can decide: a canary criterion would read "no data" and turn every verdict INVALID. `dropped` names them.
 */
export function publicPlan(plan: RunPlan, scenarios: readonly K6ScenarioPlan[]): { plan: RunPlan; dropped: string[] } {
  const dropped: string[] = [];
  const kept = scenarios.map(({ apiKey: _key, canary: _canary, ...rest }) => {
    for (const c of rest.criteria)
      if (!MEASURED_ON_RUNNERS.has(c.source)) dropped.push(`${rest.id}: ${c.selector} ${c.expression} (${c.source}, ${c.file}:${c.line})`);
    return { ...rest, criteria: rest.criteria.filter((c) => MEASURED_ON_RUNNERS.has(c.source)) };
  });
  return { plan: { ...plan, rounds: 1, pauseMs: 0, scenarios: kept, secrets: [] }, dropped };
}

const str = { type: 'string' } as const;
const num = { type: 'number' } as const;
const criterion = {
  type: 'object',
  required: ['selector', 'metric', 'tags', 'expression', 'strict', 'abortOnFail', 'confidence', 'source', 'file', 'line'],
  properties: {
    selector: str,
    metric: str,
    tags: { type: 'object', additionalProperties: str },
    expression: str,
    strict: { type: 'boolean' },
    abortOnFail: { type: 'boolean' },
    confidence: { type: ['number', 'null'] },
    source: str,
    file: str,
    line: num,
  },
} as const;
const target = {
  type: 'object',
  required: ['vm', 'service', 'host', 'port', 'tls', 'baseUrl'],
  properties: { vm: str, service: str, host: str, port: num, tls: { type: 'boolean' }, baseUrl: str },
} as const;
const scenario = {
  type: 'object',
  required: ['engine', 'id', 'scenario', 'executor', 'params', 'targets', 'criteria', 'timeoutMs'],
  properties: {
    engine: { const: 'k6' },
    id: str,
    scenario: str,
    executor: { type: 'object', required: ['type'], properties: { type: str } },
    params: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
    targets: { type: 'object', additionalProperties: target },
    criteria: { type: 'array', items: criterion },
    timeoutMs: num,
  },
} as const;
const schema = {
  type: 'object',
  required: ['kind', 'schemaVersion', 'runId', 'createdAt', 'namespace', 'parallelism', 'image', 'tools', 'plan', 'testRuns'],
  properties: {
    kind: { const: PLAN_KIND },
    schemaVersion: { const: 1 },
    runId: { type: 'string', pattern: '^[A-Za-z0-9][\\w.-]*$' },
    createdAt: str,
    namespace: str,
    parallelism: { type: 'integer', minimum: 1 },
    image: str,
    tools: { type: 'object', required: ['k6', 'loadgate'], properties: { k6: str, loadgate: str } },
    plan: {
      type: 'object',
      required: ['profile', 'inventory', 'thresholdsDir', 'rounds', 'pauseMs', 'scenarios', 'secrets'],
      properties: {
        profile: str,
        inventory: { type: 'object', required: ['file', 'name', 'lab'], properties: { file: str, name: str, lab: { type: 'boolean' } } },
        thresholdsDir: str,
        rounds: num,
        pauseMs: num,
        scenarios: { type: 'array', minItems: 1, items: scenario },
        secrets: { type: 'array', maxItems: 0 },
      },
    },
    testRuns: {
      type: 'array',
      items: { type: 'object', required: ['id', 'testRun'], properties: { id: str, testRun: str, configMap: str } },
    },
  },
} as const;

const validate = new Ajv({ allErrors: false, strict: false }).compile<PlanFile>(schema);

export function planFileJson(p: PlanFile): string {
  return `${JSON.stringify(p, null, 2)}\n`;
}

export async function loadPlanFile(path: string): Promise<PlanFile> {
  let json: unknown;
  try {
    json = JSON.parse(await readBoundedText(path, MAX_VERDICT_BYTES));
  } catch (err) {
    throw new VerdictInputError(`${path}: cannot read a plan (${describeError(err)})`, { cause: err });
  }
  if (!validate(json)) {
    const e = validate.errors?.[0];
    throw new VerdictInputError(
      `${path}: not a ${PLAN_FILE}: ${e ? `${e.instancePath || '/'} ${e.message ?? 'is invalid'}` : 'is invalid'}`,
    );
  }
  const ids = new Set(json.plan.scenarios.map((s) => s.id));
  const stray = json.testRuns.find((t) => !ids.has(t.id));
  if (stray) throw new VerdictInputError(`${path}: testRuns names scenario ${stray.id}, which the plan does not have`);
  return json;
}
