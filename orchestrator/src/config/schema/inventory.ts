/**
 * The inventory format (`vm-inventory.yaml`, `lab/inventory.yaml`): the VMs, their services with one health
 * check each, and which services the scenarios drive. The TypeScript type and the JSON Schema are written
 * side by side and tied by ajv's JSONSchemaType, so they cannot drift; the committed
 * orchestrator/schemas/inventory.schema.json is generated from here.
 */
import type { JSONSchemaType } from 'ajv';

export type ServiceKind = 'http' | 'redis' | 'tcp';

/** One health check; which fields apply depends on the service's kind (checked by the inventory rules). */
export interface HealthSpec {
  /** http: request method, path and the statuses that count as up. */
  method?: string;
  path?: string;
  expectStatus?: number[];
  /** redis: the command sent (PING, answered by PONG). */
  command?: 'PING';
  /** tcp: a connect is the whole check. */
  connect?: boolean;
}

export interface ServiceSpec {
  name: string;
  kind: ServiceKind;
  port: number;
  /** A critical service down fails the cross-vm criterion `vm_reachable{critical:true}`. */
  critical: boolean;
  timeoutMs: number;
  tls: boolean;
  health: HealthSpec;
  /** http only: the API key as an environment reference, e.g. `${AFIRGEN_API_KEY}`. */
  apiKey?: string;
  /** redis only: database numbers by name (main 0 … codebase 11). */
  databases?: Record<string, number>;
  /** redis only: environment references; a literal secret is refused. */
  password?: string;
  username?: string;
}

export interface VmSpec {
  name: string;
  host: string;
  role: string;
  description?: string;
  services: ServiceSpec[];
}

export interface TargetRef {
  vm: string;
  service: string;
}

/**
 * A generator host k6 load can come from (docs/distributed.md), reached over OpenSSH with its host key pinned.
 * There is deliberately no field to relax host-key checking: the schema refuses any key it does not list.
 */
export interface GeneratorSpec {
  /** Unique; `local` is this machine and cannot be redefined. */
  name: string;
  host: string;
  /** ssh port; 22 when absent. */
  port?: number;
  user: string;
  /** The private key; without one ssh uses the agent. Relative paths are relative to the inventory file. */
  identityFile?: string;
  /** The pinned host keys (required: no trust on first use). Relative to the inventory file when relative. */
  knownHosts: string;
  /** An absolute directory on the host where per-run directories are made. */
  workdir: string;
  /** `copy` (ship the pinned local build) or k6's absolute path on the host. */
  k6: string;
  /** Cores to judge its CPU against; the host's own count when absent. */
  cores?: number;
}

export interface InventorySpec {
  name: string;
  /** The embedded lab's inventory: a run starts the lab itself. */
  lab?: boolean;
  description?: string;
  /** Which service each scenario family drives. */
  targets: { afirgen: TargetRef; chat: TargetRef; redis: TargetRef };
  vms: VmSpec[];
  /** Where k6 load comes from; this machine alone when absent. */
  generators?: GeneratorSpec[];
  /** Live metrics outputs every run streams to besides its raw samples (docs/observability.md). */
  outputs?: OutputSpec[];
}

/**
 * One live metrics output. `type` takes loadgate's short names and k6's own (`experimental-prometheus-rw`,
 * `experimental-opentelemetry`); header values are `${ENV}` references only (the rules refuse literals).
 */
export interface OutputSpec {
  type: string;
  url: string;
  headers?: Record<string, string>;
}

/** Every spelling of an output type, loadgate's and k6's, and the type it means. */
export const OUTPUT_TYPES: Readonly<Record<string, 'prometheus-rw' | 'opentelemetry'>> = {
  'prometheus-rw': 'prometheus-rw',
  'experimental-prometheus-rw': 'prometheus-rw',
  opentelemetry: 'opentelemetry',
  'experimental-opentelemetry': 'opentelemetry',
};

const output: JSONSchemaType<OutputSpec> = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'url'],
  properties: {
    type: { type: 'string', enum: Object.keys(OUTPUT_TYPES) },
    url: { type: 'string', pattern: '^https?://', maxLength: 2048 },
    headers: {
      type: 'object',
      nullable: true,
      required: [],
      propertyNames: { pattern: '^[A-Za-z0-9-]+$' },
      additionalProperties: { type: 'string', minLength: 1 },
    },
  },
};

const name = { type: 'string', pattern: '^[a-z][a-z0-9-]*$', maxLength: 63 } as const;
const envRef = { type: 'string', nullable: true, minLength: 1 } as const;

/** `copy`, or an absolute path on the generator host. */
export const K6_LOCATION_PATTERN = '^(copy|/.*)$';
/** A POSIX user name (never starting with a dash: it goes on ssh's command line). */
export const USER_PATTERN = '^[A-Za-z_][A-Za-z0-9_.-]*$';
const path = { type: 'string', minLength: 1, maxLength: 4096 } as const;

const generator: JSONSchemaType<GeneratorSpec> = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'host', 'user', 'knownHosts', 'workdir', 'k6'],
  properties: {
    name,
    host: { type: 'string', minLength: 1, maxLength: 253 },
    port: { type: 'integer', minimum: 1, maximum: 65535, nullable: true },
    user: { type: 'string', pattern: USER_PATTERN, maxLength: 32 },
    identityFile: { ...path, nullable: true },
    knownHosts: path,
    workdir: { ...path, pattern: '^/' },
    k6: { type: 'string', pattern: K6_LOCATION_PATTERN, maxLength: 4096 },
    cores: { type: 'integer', minimum: 1, maximum: 4096, nullable: true },
  },
};

const targetRef: JSONSchemaType<TargetRef> = {
  type: 'object',
  additionalProperties: false,
  required: ['vm', 'service'],
  properties: { vm: name, service: name },
};

export const inventorySchema: JSONSchemaType<InventorySpec> = {
  $id: 'https://loadgate.invalid/schemas/inventory.schema.json',
  title: 'loadgate inventory',
  description: 'VMs, their services and health checks, and the services the scenarios drive.',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'targets', 'vms'],
  properties: {
    name: { type: 'string', minLength: 1 },
    lab: { type: 'boolean', nullable: true },
    description: { type: 'string', nullable: true },
    targets: {
      type: 'object',
      additionalProperties: false,
      required: ['afirgen', 'chat', 'redis'],
      properties: { afirgen: targetRef, chat: targetRef, redis: targetRef },
    },
    vms: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'host', 'role', 'services'],
        properties: {
          name,
          host: { type: 'string', minLength: 1, maxLength: 253 },
          role: { type: 'string', minLength: 1 },
          description: { type: 'string', nullable: true },
          services: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['name', 'kind', 'port', 'critical', 'timeoutMs', 'tls', 'health'],
              properties: {
                name,
                kind: { type: 'string', enum: ['http', 'redis', 'tcp'] },
                port: { type: 'integer', minimum: 1, maximum: 65535 },
                critical: { type: 'boolean' },
                timeoutMs: { type: 'integer', minimum: 1, maximum: 600_000 },
                tls: { type: 'boolean' },
                health: {
                  type: 'object',
                  additionalProperties: false,
                  required: [],
                  properties: {
                    method: { type: 'string', enum: ['GET', 'HEAD', 'POST', 'OPTIONS'], nullable: true },
                    path: { type: 'string', pattern: '^/', nullable: true },
                    expectStatus: {
                      type: 'array',
                      minItems: 1,
                      items: { type: 'integer', minimum: 100, maximum: 599 },
                      nullable: true,
                    },
                    command: { type: 'string', enum: ['PING'], nullable: true },
                    connect: { type: 'boolean', enum: [true], nullable: true },
                  },
                },
                apiKey: envRef,
                databases: {
                  type: 'object',
                  nullable: true,
                  required: [],
                  propertyNames: { pattern: '^[a-z][a-z0-9_-]*$' },
                  additionalProperties: { type: 'integer', minimum: 0, maximum: 15 },
                },
                password: envRef,
                username: envRef,
              },
            },
          },
        },
      },
    },
    generators: { type: 'array', minItems: 1, nullable: true, items: generator },
    outputs: { type: 'array', minItems: 1, nullable: true, items: output },
  },
};
