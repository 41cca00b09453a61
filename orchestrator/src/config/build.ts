/**
 * Building the run plan from checked configuration: each profile entry becomes a k6 scenario or a probe
 * with its targets resolved from the inventory, its parameters merged in override order, its criteria from
 * its thresholds file, and its secrets resolved from the environment. Problems found here (an unset
 * variable, an unknown database name, a non-loopback host under the guard) are located like any other.
 */
import { CATALOG } from '../catalog.ts';
import type { ConfigProblem } from '../errors.ts';
import type { CriterionPlan, ExecutorPlan, HealthCheck, Params, RedisTarget, ScenarioPlan } from '../plan/types.ts';
import { isLoopbackHost } from '../safety/loopback.ts';
import { durationMs, executorMs } from './duration.ts';
import { parseEnvRef, resolveEnvRef } from './env.ts';
import { explicitParam, paramDefaults, takesParam } from './params.ts';
import { entryId } from './rules/profiles.ts';
import type { InventorySpec, ServiceSpec, VmSpec } from './schema/inventory.ts';
import type { ProfileSpec, ScenarioEntrySpec } from './schema/profiles.ts';
import type { Locator } from './schema/validate.ts';
import type { PathSegment } from './source.ts';
import { placeWindows, planCriteria, type ThresholdsInput } from './criteria.ts';
import { retryCap } from './retry-cap.ts';
import { httpTarget } from './http-target.ts';
import { placeEntry, type Placement } from './generators.ts';
import type { ScenarioEngine, ScenarioSpec } from '../kinds/types.ts';

export type { ThresholdsInput } from './criteria.ts';

/** A secret whose variable is missing (already reported): distinct from "no secret". */
const UNRESOLVED = Symbol('unresolved');

/** Grace on top of an executor's own length before the k6 process is stopped (k6's gracefulStop is 30 s). */
const K6_TIMEOUT_GRACE_MS = 60_000;
/** A probe's hard limit when neither the entry nor the profile names one. */
const PROBE_DEFAULT_TIMEOUT_MS = 60_000;

export interface BuildInput {
  inventory: InventorySpec;
  inventoryAt: Locator;
  profileName: string;
  profile: ProfileSpec;
  profileAt: Locator;
  /** Indexes into profile.scenarios, after --scenario filtering. */
  selected: number[];
  thresholds: ReadonlyMap<string, ThresholdsInput>;
  thresholdsDirProblem: (scenario: string) => ConfigProblem;
  env: NodeJS.ProcessEnv;
  /** Apply the loopback guard (LOADGATE_LOOPBACK_ONLY=1 in env). */
  guard: boolean;
  /** The generators k6 entries are placed on by default, and every one an entry may name. */
  placement: Placement;
}

/** What every engine's planning of one profile entry starts from. */
interface EntryContext {
  e: ScenarioEntrySpec;
  here: PathSegment[];
  params: Params;
  criteria: CriterionPlan[];
  id: string;
  spec: ScenarioSpec;
  timeout: string | undefined;
}

interface Found {
  vm: VmSpec;
  vmIndex: number;
  service: ServiceSpec;
  serviceIndex: number;
}

export class PlanBuilder {
  readonly problems: ConfigProblem[] = [];
  readonly secrets = new Set<string>();
  /** VM indexes whose hosts the plan contacts (for the loopback guard). */
  private readonly contacted = new Set<number>();

  constructor(private readonly input: BuildInput) {}

  build(): ScenarioPlan[] {
    const { profile, selected } = this.input;
    const plans: ScenarioPlan[] = [];
    for (const i of selected) {
      const entry = profile.scenarios[i];
      if (!entry) continue;
      const plan = this.entry(entry, i);
      if (plan) plans.push(plan);
    }
    if (this.input.guard) this.guardLoopback();
    return plans;
  }

  private entry(e: ScenarioEntrySpec, i: number): ScenarioPlan | undefined {
    const here: PathSegment[] = ['profiles', this.input.profileName, 'scenarios', i];
    // Override order: built-in < profile defaults (only the parameters this scenario takes) < entry (< --set,
    // already applied to the entry).
    const profileDefaults = Object.entries(this.input.profile.defaults?.params ?? {}).filter(([k]) => takesParam(e.scenario, k));
    const params: Params = { ...paramDefaults(e.scenario), ...Object.fromEntries(profileDefaults), ...(e.params ?? {}) };
    const criteria = this.criteria(e.scenario);
    const id = entryId(e);
    const spec = CATALOG[e.scenario];
    if (!spec) return undefined;
    const timeout = e.timeout ?? this.input.profile.defaults?.timeout;
    // Each engine plans its kind of entry; keyed by every engine, so a new one must say how.
    const byEngine: Readonly<Record<ScenarioEngine, (c: EntryContext) => ScenarioPlan | undefined>> = {
      k6: (c) => this.k6Entry(c),
      probe: (c) => this.probeEntry(c),
    };
    const plan = byEngine[spec.engine];
    return plan({ e, here, params, criteria, id, spec, timeout });
  }

  private k6Entry({ e, here, params, criteria, id, spec, timeout }: EntryContext): ScenarioPlan | undefined {
    const executor = this.executor(e, params);
    if (!executor) return undefined;
    const thresholds = this.input.thresholds.get(e.scenario);
    if (thresholds) for (const p of placeWindows(thresholds, criteria, executor, id)) this.report(p);
    const cap = retryCap(explicitParam(params, 'retryMaxWaitMs'), executorMs(executor), { profile: this.input.profileName, scenario: id });
    if (cap.ok) params['retryMaxWaitMs'] = cap.ms;
    else this.report(this.input.profileAt(this.paramPath(e, here, 'retryMaxWaitMs'), cap.message));
    const timeoutMs = timeout !== undefined ? (durationMs(timeout) ?? 0) : executorMs(executor) + K6_TIMEOUT_GRACE_MS;
    const role = spec.system === 'afirgen' ? 'afirgen' : 'chat';
    const found = this.target(role);
    if (!found) return undefined;
    const placed = placeEntry(id, executor, e.generators, this.input.placement);
    for (const p of 'problems' in placed ? placed.problems : []) this.report(this.input.profileAt([...here, ...p.path], p.message));
    if (!('segments' in placed)) return undefined;
    const target = httpTarget(found.vm, found.service);
    const path = found.service.health.path ?? '/';
    const plan: ScenarioPlan = {
      engine: 'k6',
      id,
      scenario: e.scenario,
      executor,
      params,
      targets: { [role]: target },
      canary: { vm: found.vm.name, url: `${target.baseUrl}${path}` },
      criteria,
      timeoutMs,
      segments: placed.segments,
    };
    if (role === 'afirgen') {
      const key = this.secret(found, 'apiKey');
      if (key === undefined) {
        this.report(
          this.input.inventoryAt(
            ['vms', found.vmIndex, 'services', found.serviceIndex],
            `the FIR scenarios need an apiKey on the AFIRGen service (e.g. \${AFIRGEN_API_KEY})`,
          ),
        );
      } else if (key !== UNRESOLVED) plan.apiKey = key;
    }
    return plan;
  }

  private probeEntry({ e, here, params, criteria, id, spec, timeout }: EntryContext): ScenarioPlan | undefined {
    const timeoutMs = timeout !== undefined ? (durationMs(timeout) ?? 0) : PROBE_DEFAULT_TIMEOUT_MS;
    const scenario = e.scenario;
    if (spec.probeTarget === 'checks') return { engine: 'probe', id, scenario, params, checks: this.checks(), criteria, timeoutMs };
    if (spec.probeTarget !== 'redis') return { engine: 'probe', id, scenario, params, criteria, timeoutMs };
    const redis = this.redis(String(params['database']), this.paramPath(e, here, 'database'));
    return redis ? { engine: 'probe', id, scenario, params, redis, criteria, timeoutMs } : undefined;
  }

  /** Where a parameter was written: the entry, else the profile defaults, else the entry as a whole. */
  private paramPath(e: ScenarioEntrySpec, here: PathSegment[], name: string): PathSegment[] {
    if (e.params?.[name] !== undefined) return [...here, 'params', name];
    if (this.input.profile.defaults?.params?.[name] !== undefined) return ['profiles', this.input.profileName, 'defaults', 'params', name];
    return here;
  }

  private executor(e: ScenarioEntrySpec, params: Params): ExecutorPlan | undefined {
    const derived = CATALOG[e.scenario]?.derivedExecutor;
    if (!derived) return e.executor;
    const maxDuration =
      e.executor?.type === 'per-vu-iterations' ? e.executor.maxDuration : (e.maxDuration ?? this.input.profile.defaults?.maxDuration);
    if (maxDuration === undefined) return undefined; // reported by the profile rules
    return derived.derive(params, maxDuration); // undefined: reported by the profile rules too
  }

  private criteria(scenario: string): CriterionPlan[] {
    const t = this.input.thresholds.get(scenario);
    if (t) return planCriteria(scenario, t, this.input.profile.confidence);
    this.report(this.input.thresholdsDirProblem(scenario));
    return [];
  }

  private find(vmName: string, serviceName: string): Found | undefined {
    const vmIndex = this.input.inventory.vms.findIndex((v) => v.name === vmName);
    const vm = this.input.inventory.vms[vmIndex];
    if (!vm) return undefined;
    const serviceIndex = vm.services.findIndex((s) => s.name === serviceName);
    const service = vm.services[serviceIndex];
    return service ? { vm, vmIndex, service, serviceIndex } : undefined;
  }

  private target(role: 'afirgen' | 'chat' | 'redis'): Found | undefined {
    const ref = this.input.inventory.targets[role];
    const found = this.find(ref.vm, ref.service);
    if (found) this.contacted.add(found.vmIndex);
    return found; // a dangling reference was reported by the inventory rules
  }

  /**
   * Resolves a secret field's environment reference: the value, undefined for none (absent or empty), or
   * UNRESOLVED when the variable is missing (reported once, however many scenarios use the service).
   */
  private secret(f: Found, field: 'apiKey' | 'password' | 'username'): string | undefined | typeof UNRESOLVED {
    const text = f.service[field];
    if (text === undefined) return undefined;
    const ref = parseEnvRef(text);
    if (!ref) return field === 'username' ? text : UNRESOLVED; // literal secrets were reported by the rules
    const r = resolveEnvRef(ref, this.input.env);
    if (!r.ok) {
      this.report(this.input.inventoryAt(['vms', f.vmIndex, 'services', f.serviceIndex, field], r.error));
      return UNRESOLVED;
    }
    if (r.value === '') return undefined;
    if (field !== 'username') this.secrets.add(r.value);
    return r.value;
  }

  private readonly reported = new Set<string>();

  /** Adds a problem unless the same one was already reported (several entries share one service). */
  private report(p: ConfigProblem): void {
    const key = `${p.file}:${p.line}:${p.col}:${p.path}:${p.message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.problems.push(p);
  }

  private redis(dbName: string, paramPath: PathSegment[]): RedisTarget | undefined {
    const f = this.target('redis');
    if (!f) return undefined;
    const db = f.service.databases?.[dbName];
    if (db === undefined) {
      const known = Object.keys(f.service.databases ?? {}).join(', ');
      this.report(this.input.profileAt(paramPath, `no Redis database named '${dbName}' in the inventory (have: ${known})`));
      return undefined;
    }
    const t: RedisTarget = {
      vm: f.vm.name,
      host: f.vm.host,
      port: f.service.port,
      tls: f.service.tls,
      db,
      dbName,
      timeoutMs: f.service.timeoutMs,
    };
    return { ...t, ...this.redisAuth(f) };
  }

  /** A Redis service's AUTH, resolved (a target and a health check use the same). */
  private redisAuth(f: Found): { password?: string; username?: string } {
    const auth: { password?: string; username?: string } = {};
    const password = this.secret(f, 'password');
    const username = this.secret(f, 'username');
    if (password !== undefined && password !== UNRESOLVED) auth.password = password;
    if (username !== undefined && username !== UNRESOLVED) auth.username = username;
    return auth;
  }

  private checks(): HealthCheck[] {
    return this.input.inventory.vms.flatMap((vm, vmIndex) => {
      this.contacted.add(vmIndex);
      return vm.services.map((service, serviceIndex) => {
        const f: Found = { vm, vmIndex, service, serviceIndex };
        const check: HealthCheck = {
          vm: vm.name,
          service: service.name,
          kind: service.kind,
          host: vm.host,
          port: service.port,
          tls: service.tls,
          critical: service.critical,
          timeoutMs: service.timeoutMs,
        };
        const h = service.health;
        if (service.kind === 'http') check.http = { method: h.method ?? 'GET', path: h.path ?? '/', expectStatus: h.expectStatus ?? [] };
        if (service.kind === 'redis') check.redis = this.redisAuth(f);
        return check;
      });
    });
  }

  private guardLoopback(): void {
    for (const i of [...this.contacted].sort((a, b) => a - b)) {
      const vm = this.input.inventory.vms[i];
      if (vm && !isLoopbackHost(vm.host)) {
        this.report(
          this.input.inventoryAt(
            ['vms', i, 'host'],
            `host ${vm.host} (VM ${vm.name}) is not a loopback address; LOADGATE_LOOPBACK_ONLY=1 refuses to send it anything`,
          ),
        );
      }
    }
  }
}
