/**
 * The profiles format (`orchestrator/profiles.yaml`): named load shapes, each a list of scenario entries with
 * an executor (k6's own executor vocabulary, see plan/types.ts ExecutorPlan) and scenario parameters. Type
 * and schema are tied by JSONSchemaType; orchestrator/schemas/profiles.schema.json is generated from here.
 */
import type { JSONSchemaType } from 'ajv';
import { scenarioNames } from '../../catalog.ts';
import type { ExecutorPlan, Params } from '../../plan/types.ts';
import { DURATION_PATTERN } from './common.ts';

export interface ScenarioEntrySpec {
  scenario: string;
  /** Unique within the profile; defaults to the scenario name. */
  id?: string;
  description?: string;
  /** Required for k6 scenarios except fir-concurrency (derived from its params); absent for probes. */
  executor?: ExecutorPlan;
  params?: Params;
  /** Hard limit for the scenario (k6 process or probe), e.g. `3m`. */
  timeout?: string;
  /** fir-concurrency: maxDuration of the derived per-vu-iterations executor. */
  maxDuration?: string;
  /** k6 scenarios: the generators it is split over, in segment order (every inventory generator when absent). */
  generators?: string[];
}

export interface ProfileDefaultsSpec {
  /** Applied to every entry whose scenario takes the parameter. */
  params?: Params;
  timeout?: string;
  maxDuration?: string;
}

export interface ProfileSpec {
  description: string;
  /** Rounds of the whole scenario list (soak) and the pause between rounds. */
  rounds?: number;
  pauseMs?: number;
  /**
   * `none`: decide every criterion by its point value alone, without confidence bounds. Only for a profile that
   * asks "does it work at all?" (smoke), never for one that gates (config/rules/profiles.ts).
   */
  confidence?: 'none';
  defaults?: ProfileDefaultsSpec;
  scenarios: ScenarioEntrySpec[];
}

export interface ProfilesSpec {
  /** The profile used when none is named. */
  default: string;
  profiles: Record<string, ProfileSpec>;
}

const duration = { type: 'string', pattern: DURATION_PATTERN } as const;
const count = { type: 'integer', minimum: 1, maximum: 100_000 } as const;
const stages = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['duration', 'target'],
    properties: { duration, target: { type: 'integer', minimum: 0, maximum: 100_000 } },
  },
} as const;

export const EXECUTOR_TYPES: ReadonlyArray<ExecutorPlan['type']> = [
  'shared-iterations',
  'per-vu-iterations',
  'constant-vus',
  'ramping-vus',
  'constant-arrival-rate',
  'ramping-arrival-rate',
];

const executorSchema: JSONSchemaType<ExecutorPlan> = {
  type: 'object',
  required: ['type'],
  properties: { type: { type: 'string', enum: EXECUTOR_TYPES } },
  discriminator: { propertyName: 'type' },
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'vus', 'iterations', 'maxDuration'],
      properties: { type: { type: 'string', const: 'shared-iterations' }, vus: count, iterations: count, maxDuration: duration },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'vus', 'iterations', 'maxDuration'],
      properties: { type: { type: 'string', const: 'per-vu-iterations' }, vus: count, iterations: count, maxDuration: duration },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'vus', 'duration'],
      properties: { type: { type: 'string', const: 'constant-vus' }, vus: count, duration },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'startVUs', 'stages'],
      properties: {
        type: { type: 'string', const: 'ramping-vus' },
        startVUs: { type: 'integer', minimum: 0, maximum: 100_000 },
        stages,
        gracefulRampDown: { ...duration, nullable: true },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'rate', 'timeUnit', 'duration', 'preAllocatedVUs', 'maxVUs'],
      properties: {
        type: { type: 'string', const: 'constant-arrival-rate' },
        rate: count,
        timeUnit: duration,
        duration,
        preAllocatedVUs: count,
        maxVUs: count,
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'startRate', 'timeUnit', 'preAllocatedVUs', 'maxVUs', 'stages'],
      properties: {
        type: { type: 'string', const: 'ramping-arrival-rate' },
        startRate: { type: 'integer', minimum: 0, maximum: 100_000 },
        timeUnit: duration,
        preAllocatedVUs: count,
        maxVUs: count,
        stages,
      },
    },
  ],
};

const paramsSchema = {
  type: 'object',
  required: [],
  additionalProperties: { type: ['string', 'number', 'boolean'] },
} as const;

/** Built per call: its scenario enum is the catalog's kinds at that moment (registered ones included). */
export const profilesSchema = (): JSONSchemaType<ProfilesSpec> => ({
  $id: 'https://loadgate.invalid/schemas/profiles.schema.json',
  title: 'loadgate profiles',
  description: 'Named load shapes: which scenarios run, with which executor and parameters.',
  type: 'object',
  additionalProperties: false,
  required: ['default', 'profiles'],
  properties: {
    default: { type: 'string' },
    profiles: {
      type: 'object',
      required: [],
      propertyNames: { pattern: '^[a-z][a-z0-9-]*$' },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['description', 'scenarios'],
        properties: {
          description: { type: 'string' },
          rounds: { type: 'integer', minimum: 1, maximum: 100, nullable: true },
          pauseMs: { type: 'integer', minimum: 0, maximum: 3_600_000, nullable: true },
          confidence: { type: 'string', enum: ['none'], nullable: true },
          defaults: {
            type: 'object',
            nullable: true,
            additionalProperties: false,
            required: [],
            properties: {
              params: { ...paramsSchema, nullable: true },
              timeout: { ...duration, nullable: true },
              maxDuration: { ...duration, nullable: true },
            },
          },
          scenarios: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['scenario'],
              properties: {
                scenario: { type: 'string', enum: scenarioNames() },
                id: { type: 'string', pattern: '^[a-z][a-z0-9-]*$', nullable: true },
                description: { type: 'string', nullable: true },
                executor: { ...executorSchema, nullable: true },
                params: { ...paramsSchema, nullable: true },
                timeout: { ...duration, nullable: true },
                maxDuration: { ...duration, nullable: true },
                generators: {
                  type: 'array',
                  minItems: 1,
                  uniqueItems: true,
                  items: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' },
                  nullable: true,
                },
              },
            },
          },
        },
      },
    },
  },
});

export { executorSchema };
