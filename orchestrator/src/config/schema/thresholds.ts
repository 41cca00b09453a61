/**
 * The thresholds format (`thresholds/<scenario>.yaml`): the scenario it belongs to and its criteria in k6's
 * threshold expression language. Type and schema are tied by JSONSchemaType; the committed
 * orchestrator/schemas/thresholds.schema.json is generated from here.
 */
import type { JSONSchemaType } from 'ajv';
import { scenarioNames } from '../../catalog.ts';
import { DURATION_PATTERN } from './common.ts';

export interface CriterionSpec {
  /** Metric selector: `metric` or `metric{tag:value,...}`. */
  metric: string;
  /** k6 threshold expression: `p(95)<2000`, `rate<0.01`, `count>0`, `max<5000`, `value<10`. */
  expression: string;
  /** strict: failing it fails the run (exit 1); advisory: reported, never fails the run. */
  severity: 'strict' | 'advisory';
  /** k6 stops the scenario as soon as this criterion fails (k6-measured metrics only). */
  abortOnFail?: boolean;
  /** With abortOnFail: how long k6 waits before evaluating it, e.g. `10s`. */
  delayAbortEval?: string;
  description?: string;
  /** The confidence level its percentile bounds are decided at (overrides the file's); `none`: point comparison. */
  confidence?: ConfidenceSetting;
  /**
   * The part of the run its samples come from: `steady`, `last 60s`, `{ from: 30s, to: 90s }` or
   * `{ steady: { warmup: 15s } }` (plan/window.ts parses it: its forms are checked there, with located messages).
   */
  window?: string | WindowObjectSpec;
}

/** The object forms of a window; which keys go together is checked by plan/window.ts. */
export interface WindowObjectSpec {
  from?: string;
  to?: string;
  steady?: { warmup?: string };
}

/** As written in YAML: a level, or `none` for a point comparison (docs/verdict.md, "Confidence"). */
export type ConfidenceSetting = 0.95 | 0.99 | 'none';

export interface ThresholdsSpec {
  scenario: string;
  description?: string;
  /** The default confidence level of this file's criteria (0.95 when absent). */
  confidence?: ConfidenceSetting;
  /** The warm-up of this file's `steady` windows on constant executors (default: 10 % of the duration). */
  warmup?: string;
  criteria: CriterionSpec[];
}

export const confidenceSchema = { type: ['number', 'string'], enum: [0.95, 0.99, 'none'] } as const;

/**
 * A window's shapes, for editors and the loader: a string or an object of durations. Which keys go together and
 * what the strings may say is plan/window.ts's parse, so that its messages are located and say what to write.
 */
const windowSchema = {
  description:
    "The part of the run the criterion's samples come from: 'steady', 'last 60s', { from: 30s, to: 90s } or { steady: { warmup: 15s } } (docs/verdict.md, Windows).",
  anyOf: [{ type: 'string' as const }, { type: 'object' as const, required: [] }],
};

/** Built per call: its scenario enum is the catalog's kinds at that moment (registered ones included). */
export const thresholdsSchema = (): JSONSchemaType<ThresholdsSpec> => ({
  $id: 'https://loadgate.invalid/schemas/thresholds.schema.json',
  title: 'loadgate thresholds',
  description: "One scenario's criteria, in k6's threshold expression language.",
  type: 'object',
  additionalProperties: false,
  required: ['scenario', 'criteria'],
  definitions: { window: windowSchema },
  properties: {
    scenario: { type: 'string', enum: scenarioNames() },
    description: { type: 'string', nullable: true },
    confidence: { ...confidenceSchema, nullable: true },
    warmup: { type: 'string', pattern: DURATION_PATTERN, nullable: true },
    criteria: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['metric', 'expression', 'severity'],
        properties: {
          metric: { type: 'string', minLength: 1 },
          expression: { type: 'string', minLength: 1 },
          severity: { type: 'string', enum: ['strict', 'advisory'] },
          abortOnFail: { type: 'boolean', nullable: true },
          delayAbortEval: { type: 'string', pattern: DURATION_PATTERN, nullable: true },
          description: { type: 'string', nullable: true },
          confidence: { ...confidenceSchema, nullable: true },
          window: { $ref: '#/definitions/window' },
        },
      },
    },
  },
});
